"""Who may see an order: its customer, or whoever holds the signed link from the e-mail."""

from django.core import signing
from django.http import Http404
from django.urls import reverse

from storefront.core import conf
from storefront.core.models import default_site
from storefront.orders.models import Order

ORDER_LINK_SALT = "storefront.order-link"
# Order numbers a guest placed in this session: they may see them before the e-mail arrives.
PLACED_SESSION_KEY = "storefront_placed_orders"


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


def order_for_request(request, number: str, *, detailed: bool = True) -> Order:
    """The order if the requester may see it: its customer, whoever holds the signed link
    (``?key=``), or the guest session that placed it; 404 for anyone else, whoever they are.
    ``detailed`` loads lines, adjustments and events with it."""
    from storefront.orders.selectors import order_with_details

    try:
        order = order_with_details(number=number) if detailed else Order.objects.get(number=number)
    except Order.DoesNotExist:
        raise Http404 from None
    user = request.user
    if user.is_authenticated and order.user_id == user.pk:
        return order
    key = request.GET.get("key", "")
    if key and order_access_check(number=number, key=key):
        return order
    if order.user_id is None and number in request.session.get(PLACED_SESSION_KEY, []):
        return order
    raise Http404
