"""Links to a return: its customer's login, or for guests the order's signed key."""

from django.urls import reverse

from storefront.orders.access import order_access_key, site_root_url
from storefront.orders.models import Order
from storefront.returns.models import ReturnRequest


def key_query(order: Order) -> str:
    """The signed-link query that keeps a guest's next page reachable ("" for customers)."""
    return f"?key={order_access_key(order)}" if order.user_id is None else ""


def return_detail_path(return_request: ReturnRequest) -> str:
    path = reverse("storefront:return_detail", kwargs={"rma": return_request.rma})
    return f"{path}{key_query(return_request.order)}"


def return_detail_link(return_request: ReturnRequest) -> str:
    """The absolute link to the return's page, for e-mails."""
    return f"{site_root_url()}{return_detail_path(return_request)}"
