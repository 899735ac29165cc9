"""Receivers the orders app connects in its AppConfig.ready()."""

from storefront.orders.services import cart_merge_at_login


def merge_guest_cart(sender, request, user, **kwargs):
    """At login, the guest cart of the session joins the user's cart."""
    if request is not None and hasattr(request, "session"):
        cart_merge_at_login(request=request, user=user)
