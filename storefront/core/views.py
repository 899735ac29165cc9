from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
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
        return redirect(request.POST.get("next") or "storefront:account")
    return render(request, "storefront/core/signup.html", {"form": form})


@method_decorator(
    ratelimit(key="ip", rate=rate_for("STOREFRONT_RATE_LOGIN"), method="POST", block=True),
    name="dispatch",
)
class LoginView(auth_views.LoginView):
    template_name = "storefront/core/login.html"
    redirect_authenticated_user = True


@login_required
def account(request):
    return render(request, "storefront/core/account.html")
