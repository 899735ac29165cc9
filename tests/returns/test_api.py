"""The return endpoints of the JSON API: the order's owner (or the holder of its signed key)
opens a return and reads its status; refusals are 400s that say why, strangers get 404s."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from storefront.orders.access import order_access_key
from storefront.orders.models import Order, OrderLine
from storefront.products.models import ProductVariant
from storefront.returns.models import ReturnRequest
from tests.factories import make_order, make_user
from tests.loyalty.conftest import deliver

pytestmark = pytest.mark.django_db

API = "/api/storefront"


def create(client, order: Order, lines, *, outcome="refund", key=None, **extra):
    url = f"{API}/orders/{order.number}/returns" + (f"?key={key}" if key else "")
    body = {"outcome": outcome, "lines": lines, **extra}
    return client.post(url, json.dumps(body), content_type="application/json")


def status(client, rma: str, key=None):
    return client.get(f"{API}/returns/{rma}" + (f"?key={key}" if key else ""))


def line(order_line: OrderLine, quantity=1, reason="doesnt_fit", **extra) -> dict:
    return {"order_line_id": order_line.pk, "quantity": quantity, "reason": reason, **extra}


@pytest.fixture
def ada(db):
    return make_user("ada")


@pytest.fixture
def tee(product_factory):
    return product_factory(
        title="Blue tee", price="30.00", variants=[("M", None), ("L", None)], stock=[5, 5]
    )


@pytest.fixture
def delivered(shop, ada, tee, django_capture_on_commit_callbacks):
    medium = ProductVariant.objects.get(product=tee, name="M")
    with django_capture_on_commit_callbacks(execute=True):
        return deliver(make_order(shop=shop, items=[(medium, 2)], user=ada))


@pytest.fixture
def guest_order(shop, tee, django_capture_on_commit_callbacks):
    medium = ProductVariant.objects.get(product=tee, name="M")
    with django_capture_on_commit_callbacks(execute=True):
        return deliver(make_order(shop=shop, items=[(medium, 1)], email="guest@example.com"))


def test_the_owner_opens_a_return_and_gets_its_rma(client, ada, delivered, tee):
    client.force_login(ada)
    large = ProductVariant.objects.get(product=tee, name="L")

    response = create(
        client,
        delivered,
        [line(delivered.lines.get(), 2, exchange_variant_id=large.pk)],
        outcome="exchange",
        note="Too small",
    )

    assert response.status_code == 201
    body = response.json()
    request = ReturnRequest.objects.get()
    assert body["rma"] == request.rma
    assert (body["status"], body["outcome"], body["order_number"]) == (
        "requested",
        "exchange",
        delivered.number,
    )
    assert Decimal(body["estimated_refund"]) == Decimal("60.00")
    assert body["lines"][0]["exchange_variant_id"] == large.pk
    assert [event["status"] for event in body["history"]] == ["requested"]


def test_the_owner_reads_the_status(client, ada, delivered):
    client.force_login(ada)
    rma = create(client, delivered, [line(delivered.lines.get())]).json()["rma"]

    response = status(client, rma)

    assert response.status_code == 200
    assert (response.json()["rma"], response.json()["status_label"]) == (rma, "Requested")


def test_a_guest_uses_the_orders_signed_key(client, guest_order):
    key = order_access_key(guest_order)

    response = create(client, guest_order, [line(guest_order.lines.get())], key=key)

    assert response.status_code == 201
    rma = response.json()["rma"]
    assert status(client, rma, key).status_code == 200
    assert status(client, rma).status_code == 404


def test_strangers_get_not_found(client, ada, delivered, guest_order):
    client.force_login(ada)
    rma = create(client, delivered, [line(delivered.lines.get())]).json()["rma"]
    client.logout()
    client.force_login(make_user("bob"))

    assert create(client, delivered, [line(delivered.lines.get())]).status_code == 404
    assert status(client, rma).status_code == 404
    assert status(client, "R0000-NOPE").status_code == 404
    wrong_key = order_access_key(delivered)
    assert (
        create(client, guest_order, [line(guest_order.lines.get())], key=wrong_key).status_code
        == 404
    )
    assert create(client, guest_order, [line(guest_order.lines.get())], key="x").status_code == 404
    assert ReturnRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quantity": 3}, "You can return at most 2"),
        ({"quantity": 0}, "Return at least one"),
        ({"reason": "because"}, "Choose one of the reasons offered"),
        ({"reason": "defective"}, "Please add a photo"),
        ({"order_line_id": 999999}, "not part of this order"),
        ({"exchange_variant_id": 999999}, "another variant of the product"),
    ],
)
def test_refusals_are_400s_that_say_why_and_write_nothing(client, ada, delivered, change, message):
    client.force_login(ada)

    response = create(
        client, delivered, [{**line(delivered.lines.get()), **change}], outcome="exchange"
    )

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not ReturnRequest.objects.exists()


def test_orders_outside_the_window_or_not_delivered_are_refused(client, shop, ada, delivered, tee):
    client.force_login(ada)
    placed = make_order(shop=shop, items=[(tee.variants.first(), 1)], user=ada)
    Order.objects.filter(pk=delivered.pk).update(delivered_at=timezone.now() - timedelta(days=45))

    late = create(client, delivered, [line(delivered.lines.get())])
    early = create(client, placed, [line(placed.lines.get())])

    assert (late.status_code, early.status_code) == (400, 400)
    assert "return window" in late.json()["detail"]
    assert "not been delivered" in early.json()["detail"]


def test_customized_goods_need_a_reason_that_allows_them(client, ada, delivered):
    client.force_login(ada)
    order_line = delivered.lines.get()
    OrderLine.objects.filter(pk=order_line.pk).update(design_choices=[["Body", "Red"]])

    refused = create(client, delivered, [line(order_line, reason="changed_mind")])
    accepted = create(client, delivered, [line(order_line, reason="wrong_item")])

    assert refused.status_code == 400 and "made to your design" in refused.json()["detail"]
    assert accepted.status_code == 201


def test_a_guest_cannot_ask_for_store_credit(client, guest_order):
    key = order_access_key(guest_order)

    response = create(
        client, guest_order, [line(guest_order.lines.get())], outcome="store_credit", key=key
    )

    assert response.status_code == 400
    assert "Store credit needs an account" in response.json()["detail"]


def test_creating_returns_is_rate_limited(client, ada, delivered, settings):
    settings.STOREFRONT_RATE_RETURN = "2/h"
    client.force_login(ada)

    statuses = [
        create(client, delivered, [line(delivered.lines.get())]).status_code for _ in range(3)
    ]

    assert statuses == [201, 201, 429]
