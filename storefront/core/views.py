import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from storefront.core.forms import AccountDeleteForm, MarketingConsentForm, SignupForm
from storefront.core.models import ConsentSource, MarketingConsent
from storefront.core.ratelimit import rate_for
from storefront.core.services import (
    AccountDeletionRefused,
    account_data_export,
    account_delete,
    marketing_consent_set,
)


@require_POST
def set_language(request):
    """Django's ``set_language``, with the page to return to read in its own language.

    The view lives outside ``i18n_patterns``, where Django activates the default language;
    ``/fa/shop/mug/`` would then look like a page at ``fa/shop/mug/`` and the switch back
    to English would keep the ``/fa/`` prefix."""
    next_path = request.POST.get("next", "").split("?", 1)[0]
    with translation.override(translation.get_language_from_path(next_path) or None):
        return i18n.set_language(request)


HEALTH_KEY = "storefront:health"


def health(request):
    """For the load balancer: 200 when this app server can use its database and its cache,
    503 naming what fails otherwise (the balancer then sends shoppers to the other servers)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    try:
        cache.set(HEALTH_KEY, 1, 10)
        checks["cache"] = "ok" if cache.get(HEALTH_KEY) == 1 else "unavailable"
    except Exception:  # the cache backend's own errors (e.g. redis.ConnectionError)
        checks["cache"] = "unavailable"
    healthy = all(state == "ok" for state in checks.values())
    response = JsonResponse(checks, status=200 if healthy else 503)
    patch_cache_control(response, no_store=True)
    return response


def rate_limited(request, exception=None):
    """What django-ratelimit shows when a client posts too often."""
    return render(request, "storefront/core/rate_limited.html", status=429)


@ratelimit(key="ip", rate=rate_for("STOREFRONT_RATE_SIGNUP"), method="POST", block=True)
def signup(request):
    if request.user.is_authenticated:
        return redirect("storefront:account")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        marketing_consent_set(
            user=user,
            consented=form.cleaned_data["marketing_consent"],
            source=ConsentSource.SIGNUP,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "storefront:account"
        return redirect(target)
    return render(request, "storefront/core/signup.html", {"form": form})


@method_decorator(
    ratelimit(key="ip", rate=rate_for("STOREFRONT_RATE_LOGIN"), method="POST", block=True),
    name="dispatch",
)
class LoginView(auth_views.LoginView):
    template_name = "storefront/core/login.html"
    redirect_authenticated_user = True


@method_decorator(
    ratelimit(key="ip", rate=rate_for("STOREFRONT_RATE_PASSWORD_RESET"), method="POST", block=True),
    name="dispatch",
)
class PasswordResetView(auth_views.PasswordResetView):
    """Password reset e-mails, limited per client so the form cannot be used to spam."""

    template_name = "storefront/core/password_reset.html"
    email_template_name = "storefront/core/email/password_reset.txt"
    subject_template_name = "storefront/core/email/password_reset_subject.txt"
    success_url = reverse_lazy("storefront:password_reset_done")


@login_required
def account(request):
    return render(request, "storefront/core/account.html")


def _privacy_page(request, *, consent_form=None, delete_form=None, status: int = 200):
    consent = MarketingConsent.objects.filter(user=request.user).first()
    if consent_form is None:
        consent_form = MarketingConsentForm(
            initial={"consented": consent is not None and consent.consented}
        )
    context = {
        "consent": consent,
        "consent_form": consent_form,
        "delete_form": delete_form or AccountDeleteForm(request.user),
    }
    return render(request, "storefront/core/privacy.html", context, status=status)


@login_required
def account_privacy(request):
    """Marketing e-mail, the download of the customer's data and the deletion of the account."""
    return _privacy_page(request)


@login_required
@require_POST
def marketing_consent_update(request):
    form = MarketingConsentForm(request.POST)
    form.is_valid()  # an unticked box is an answer too
    consent = marketing_consent_set(
        user=request.user,
        consented=form.cleaned_data.get("consented", False),
        source=ConsentSource.ACCOUNT,
    )
    if consent.consented:
        messages.success(request, _("Thank you: we will e-mail you our offers and news."))
    else:
        messages.success(request, _("Done: we will not e-mail you offers and news."))
    return redirect("storefront:account_privacy")


@login_required
@require_POST
@ratelimit(key="user", rate=rate_for("STOREFRONT_RATE_DATA_EXPORT"), method="POST", block=True)
def account_data_download(request):
    """The customer's data as a JSON file."""
    data = account_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
# The password check must not become a way to guess passwords.
@ratelimit(key="user", rate=rate_for("STOREFRONT_RATE_LOGIN"), method="POST", block=True)
def account_delete_view(request):
    """Delete the account after the current password and a choice for the reviews."""
    form = AccountDeleteForm(request.user, request.POST)
    if not form.is_valid():
        return _privacy_page(request, delete_form=form, status=400)
    try:
        account_delete(user=request.user, reviews=form.cleaned_data["reviews"])
    except AccountDeletionRefused as refusal:
        form.add_error(None, str(refusal))
        return _privacy_page(request, delete_form=form, status=409)
    logout(request)
    messages.success(
        request,
        _(
            "Your account is deleted. We keep your orders for our accounts, without your name, "
            "address or e-mail. Thank you for shopping with us."
        ),
    )
    return redirect("wagtail_serve", "")  # the home page, in the shopper's language
