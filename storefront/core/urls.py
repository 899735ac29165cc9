from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from storefront.core import views

# The shop's home page in the shopper's language ("/fa/" for a Persian page).
HOME = reverse_lazy("wagtail_serve", args=[""])

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/privacy/", views.account_privacy, name="account_privacy"),
    path(
        "account/privacy/marketing/",
        views.marketing_consent_update,
        name="marketing_consent",
    ),
    path("account/privacy/my-data/", views.account_data_download, name="account_data"),
    path("account/privacy/delete/", views.account_delete_view, name="account_delete"),
    path("account/signup/", views.signup, name="signup"),
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", auth_views.LogoutView.as_view(next_page=HOME), name="logout"),
    path(
        "account/password-reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="storefront/core/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="storefront/core/password_reset_confirm.html",
            success_url=reverse_lazy("storefront:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="storefront/core/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
