from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from storefront.core.forms import SignupForm
from storefront.core.ratelimit import rate_for


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
