"""Two gunicorn app servers and one RQ worker on the production settings: a shopper's path
alternates between the servers (a cart built on one is checked out on the other), staff
deliver the order in the admin, and the worker sends the confirmation and, when cron queues
it, the review request. Nothing is shared between the servers but PostgreSQL and Redis."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from storefront.orders.models import Order, OrderStatus
from storefront.products.models import StockRecord
from storefront.reviews.models import ReviewRequest, ReviewSettings
from tests.factories import make_product, make_shop
from tests.stack.conftest import PASSWORD, production_password_hash
from tests.stack.processes import Shopper, wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHECKOUT = {
    "email": "two.servers@example.com",
    "full_name": "Tove Servers",
    "address_line1": "1 Balancer Row",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
    "payment_method": "bank_transfer",
}


def hidden(response, name: str) -> str:
    field = Shopper.page(response).find("input", attrs={"name": name})
    assert field is not None, f"No field {name} on {response.url}"
    return field["value"]


def test_a_cart_from_one_server_is_checked_out_on_the_other_and_the_worker_mails(
    stack, start_servers, start_worker, mail_sink
):
    shop = make_shop()
    mug = make_product(index=shop.index, title="Balancer mug", price="12.00", stock=10)
    variant = mug.variants.get()
    review_settings = ReviewSettings.for_site(shop.site)
    review_settings.request_delay_days = 0
    review_settings.save()
    get_user_model().objects.create(
        username="editor",
        password=production_password_hash(),
        is_staff=True,
        is_superuser=True,
        email="editor@example.com",
    )
    a, b = start_servers(2)
    start_worker()
    shopper = Shopper("198.51.100.20")

    # Server A: the product page, and the mug into the cart.
    product_page = shopper.get(a, mug.url)
    assert product_page.status_code == 200
    assert "Balancer mug" in product_page.text
    added = shopper.post(a, "/cart/add/", {"variant": variant.pk, "quantity": 2})
    assert added.status_code == 200 and added.url.endswith("/cart/")
    assert "is in your cart." in added.text and "Balancer mug" in added.text

    # Server B sees the same cart (the session is in Redis, the cart in PostgreSQL).
    cart = shopper.get(b, "/cart/")
    assert "Balancer mug" in cart.text
    assert hidden(cart, "quantity") == "2"

    # Details on B, the review step on A, the order placed on B.
    details = shopper.post(b, "/checkout/", {**CHECKOUT, "shipping_method": shop.standard.pk})
    assert details.status_code == 200 and details.url.endswith("/checkout/review/"), details.text
    review_step = shopper.get(a, "/checkout/review/")
    assert review_step.status_code == 200
    placed = shopper.post(
        b, "/checkout/review/", {"checkout_token": hidden(review_step, "checkout_token")}
    )
    assert placed.status_code == 200 and "/checkout/thanks/" in placed.url, placed.text

    order = Order.objects.get()
    assert order.number in placed.text
    assert (order.status, order.email, order.goods_total) == (
        OrderStatus.PLACED,
        CHECKOUT["email"],
        order.lines.get().unit_price * 2,
    )
    assert StockRecord.objects.get(variant=variant).quantity == 8
    # The cart is empty on both servers.
    for server in (a, b):
        assert "Balancer mug" not in shopper.get(server, "/cart/").text

    # The worker, not the app server, sent the confirmation.
    confirmation = wait_for(
        lambda: mail_sink.to(CHECKOUT["email"]), timeout=60, what="the order confirmation"
    )
    assert order.number in confirmation[0]["Subject"]

    # Staff log in on A and move the order along on A and B.
    staff = Shopper("198.51.100.30")
    shopper.get(a, "/admin/login/")
    staff.get(a, "/admin/login/")
    login = staff.post(a, "/admin/login/", {"username": "editor", "password": PASSWORD})
    assert login.status_code == 200 and "/admin/login/" not in login.url, login.text
    transition = reverse("storefront_orders_admin:transition", args=[order.pk])
    for server, status in ((b, "paid"), (a, "shipped"), (b, "delivered")):
        moved = staff.post(server, transition, {"to_status": status, "note": ""})
        assert moved.status_code == 200, moved.text
        order.refresh_from_db()
        assert order.status == status
    statuses_mailed = wait_for(
        lambda: len(mail_sink.to(CHECKOUT["email"])) >= 4 and mail_sink.to(CHECKOUT["email"]),
        timeout=60,
        what="a mail for each status",
    )
    assert len(statuses_mailed) == 4

    # Cron queues the review requests; the worker sends the one that is due.
    stack.manage("storefront_enqueue", "storefront_send_review_requests")
    mails = wait_for(
        lambda: len(mail_sink.to(CHECKOUT["email"])) >= 5 and mail_sink.to(CHECKOUT["email"]),
        timeout=60,
        what="the review request",
    )
    assert len(mails) == 5
    request_mail = mails[-1]
    assert "How do you like what you ordered?" in request_mail["Subject"]
    assert ReviewRequest.objects.get(order=order).sent_at is not None

    # Its link opens the review form, on either server.
    body = request_mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://[^\s]+/reviews/[^\s]+", body)
    assert link is not None, body
    path = "/" + link.group(0).split("/", 3)[3]
    form = shopper.get(b, path)
    assert form.status_code == 200
    assert "Balancer mug" in form.text
