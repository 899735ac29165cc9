"""Wagtail admin hooks of the core app."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from storefront.core.services import AccountDeletionRefused, account_delete


@hooks.register("before_delete_user")
def erase_customer_deleted_in_the_admin(request, user):
    """Deleting a customer in Wagtail's admin erases them as their own "Delete my account"
    does (their reviews kept anonymously), instead of Django's cascade, which would delete
    their orders' link but keep their names and addresses, or refuse. Refused with the
    reason while one of their orders or returns is open. Staff accounts, which hold no
    customer data, are deleted as Wagtail deletes them."""
    if request.method != "POST" or user.is_staff or user.is_superuser:
        return None
    name = user.get_username()
    try:
        account_delete(user=user, reviews="anonymize")
    except AccountDeletionRefused as refusal:
        messages.error(
            request,
            _("%(name)s was not deleted: %(reason)s")
            % {
                "name": name,
                "reason": refusal,
            },
        )
        return redirect("wagtailusers_users:edit", user.pk)
    messages.success(
        request,
        _(
            "Customer %(name)s deleted: their orders and returns are kept without personal "
            "data, their reviews anonymously, their points forfeited."
        )
        % {"name": name},
    )
    return redirect("wagtailusers_users:index")
