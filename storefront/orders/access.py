"""Who may see an order: its customer, or whoever holds the signed link from the e-mail."""

from django.core import signing
from django.urls import reverse

from storefront.core import conf
from storefront.core.models import default_site
from storefront.orders.models import Order

ORDER_LINK_SALT = "storefront.order-link"


def order_access_key(order: Order) -> str:
    """The key of the signed link that lets whoever holds it see this order."""
    signed = signing.TimestampSigner(salt=ORDER_LINK_SALT).sign(order.number)
    return signed[len(order.number) + 1 :]


def order_access_check(*, number: str, key: str) -> bool:
    """True when ``key`` is a valid, unexpired link key for order ``number``."""
    try:
        signing.TimestampSigner(salt=ORDER_LINK_SALT).unsign(
            f"{number}:{key}", max_age=conf.get("STOREFRONT_ORDER_LINK_MAX_AGE")
        )
    except signing.BadSignature:
        return False
    return True


def site_root_url() -> str:
    """The default site's root URL, for absolute links in e-mails."""
    site = default_site()
    return site.root_url if site else ""


def order_link(order: Order) -> str:
    """The absolute signed link to the order page, for guests and customers alike."""
    root = site_root_url()
    path = reverse("storefront:order_detail", kwargs={"number": order.number})
    return f"{root}{path}?key={order_access_key(order)}"
