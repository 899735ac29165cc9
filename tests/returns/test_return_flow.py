"""A return from request to refund, through the services, with its e-mails."""

from decimal import Decimal

import pytest

from storefront.returns.models import ReturnReason, ReturnStatus
from storefront.returns.services import (
    LineChoice,
    ReturnError,
    return_approve,
    return_exchange,
    return_receive,
    return_refund,
    return_request_open,
)
from tests.factories import make_order, make_user
from tests.loyalty.conftest import deliver


def test_a_return_is_requested_approved_received_and_refunded_once(
    shop, product_factory, django_capture_on_commit_callbacks, mailoutbox
):
    customer = make_user("returner")
    variant = product_factory(price="30.00", stock=5).variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        order = deliver(make_order(shop=shop, items=[(variant, 2)], user=customer))
    reason = ReturnReason.objects.get(code="doesnt_fit")
    choice = LineChoice(order_line=order.lines.get(), quantity=1, reason=reason)
    staff = make_user("staff", is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        request = return_request_open(order=order, choices=[choice], outcome="refund")
        return_approve(request=request, actor=staff)
        return_receive(
            request=request, actor=staff, conditions={request.lines.get().pk: "sellable"}
        )
        request = return_refund(request=request, actor=staff)

    assert request.estimated_refund == Decimal("30.00")
    assert (request.status, request.refund_amount) == (ReturnStatus.REFUNDED, Decimal("30.00"))
    assert [event.to_status for event in request.events.all()] == [
        "requested",
        "approved",
        "received",
        "refunded",
    ]
    variant.stock_record.refresh_from_db()
    assert variant.stock_record.quantity == 4  # 5 - 2 sold + 1 back
    with pytest.raises(ReturnError, match="refunded already"):
        return_refund(request=request, actor=staff)
    subjects = [message.subject for message in mailoutbox if request.rma in message.subject]
    assert len(subjects) == 4


def test_an_exchange_sends_the_other_size_at_no_charge_and_closes_the_return(
    shop, product_factory, client, django_capture_on_commit_callbacks, mailoutbox
):
    from storefront.orders.models import OrderStatus
    from storefront.products.models import ProductVariant

    customer = make_user("swapper")
    product = product_factory(price="25.00", variants=[("M", None), ("L", None)], stock=[3, 3])
    medium, large = ProductVariant.objects.filter(product=product).order_by("sort_order")
    with django_capture_on_commit_callbacks(execute=True):
        order = deliver(make_order(shop=shop, items=[(medium, 1)], user=customer))
    reason = ReturnReason.objects.get(code="doesnt_fit")
    staff = make_user("staff", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        request = return_request_open(
            order=order,
            choices=[LineChoice(order_line=order.lines.get(), quantity=1, reason=reason)],
            outcome="exchange",
            exchange_variants={order.lines.get().pk: large.pk},
        )
        return_approve(request=request, actor=staff)
        return_receive(
            request=request, actor=staff, conditions={request.lines.get().pk: "sellable"}
        )
        request = return_exchange(request=request, actor=staff)

    replacement = request.exchange_order
    assert request.status == ReturnStatus.CLOSED
    assert (replacement.status, replacement.total, replacement.user) == (
        OrderStatus.PAID,
        Decimal("0.00"),
        customer,
    )
    assert [(line.variant, line.quantity) for line in replacement.lines.all()] == [(large, 1)]
    large.stock_record.refresh_from_db()
    medium.stock_record.refresh_from_db()
    assert (medium.stock_record.quantity, large.stock_record.quantity) == (3, 2)
    assert any(replacement.number in message.subject for message in mailoutbox)
    client.force_login(customer)
    assert client.get(f"/orders/{replacement.number}/").status_code == 200
    with pytest.raises(ReturnError):
        return_exchange(request=request, actor=staff)


def test_a_guests_return_e_mail_links_to_the_return_page(
    shop, product_factory, client, django_capture_on_commit_callbacks, mailoutbox
):
    variant = product_factory(price="30.00", stock=5).variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        order = deliver(make_order(shop=shop, items=[(variant, 1)]))  # a guest
    reason = ReturnReason.objects.get(code="doesnt_fit")
    with django_capture_on_commit_callbacks(execute=True):
        request = return_request_open(
            order=order,
            choices=[LineChoice(order_line=order.lines.get(), quantity=1, reason=reason)],
            outcome="refund",
        )

    (message,) = [m for m in mailoutbox if request.rma in m.subject]
    link = next(word for word in message.body.split() if f"/returns/{request.rma}/" in word)
    page = client.get(link.split("localhost", 1)[-1])
    assert page.status_code == 200
    assert request.rma in page.content.decode()


def test_the_return_mail_task_run_twice_mails_once(shop, product_factory, mailoutbox):
    """A task queue delivers at least once: the second run of a mail finds it sent."""
    from storefront.returns.tasks import send_return_email

    customer = make_user("twice")
    variant = product_factory(price="30.00", stock=5).variants.get()
    order = deliver(make_order(shop=shop, items=[(variant, 1)], user=customer))
    reason = ReturnReason.objects.get(code="doesnt_fit")
    request = return_request_open(
        order=order,
        choices=[LineChoice(order_line=order.lines.get(), quantity=1, reason=reason)],
        outcome="refund",
    )
    mailoutbox.clear()

    runs = [send_return_email.enqueue(request_id=request.pk, status="requested") for _ in "ab"]

    assert [run.return_value for run in runs] == [True, False]
    assert [message.subject for message in mailoutbox] == [
        f"Test shop: We received your return request {request.rma}"
    ]
