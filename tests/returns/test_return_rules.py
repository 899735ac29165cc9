"""What may be returned and how a return moves: the window, delivered orders only, customized
goods, photos, quantities, reasons; the allowed transitions with their events and actors, the
signals and e-mails after commit, and the restock on receipt."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from storefront.core.uploads import CleanImage, image_upload_clean
from storefront.customizer.services import design_create
from storefront.orders.models import Order, OrderLine, OrderStatus
from storefront.orders.services import order_transition
from storefront.products.models import ProductVariant, StockRecord
from storefront.returns import signals
from storefront.returns.models import (
    ReturnEvent,
    ReturnPolicy,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)
from storefront.returns.services import (
    TRANSITIONS,
    LineChoice,
    ReturnError,
    return_approve,
    return_close,
    return_exchange,
    return_receive,
    return_refund,
    return_reject,
    return_request_open,
)
from tests.customizer import conftest as customizer_fixtures
from tests.factories import make_order, make_user
from tests.loyalty.conftest import deliver

pytestmark = pytest.mark.django_db

customizable = customizer_fixtures.customizable  # a product with a customization template


# ---------------------------------------------------------------------------- helpers


def reason(code: str) -> ReturnReason:
    return ReturnReason.objects.get(code=code)


def photo() -> CleanImage:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "#aa3300").save(buffer, format="PNG")
    upload = SimpleUploadedFile("crack.png", buffer.getvalue(), content_type="image/png")
    return image_upload_clean(upload, name="crack")


def ask(order: Order, quantity: int = 1, code: str = "doesnt_fit", **kwargs) -> ReturnRequest:
    """Open a return of ``quantity`` of the order's only line."""
    kwargs.setdefault("outcome", "refund")
    return return_request_open(
        order=order,
        choices=[LineChoice(order_line=order.lines.get(), quantity=quantity, reason=reason(code))],
        **kwargs,
    )


def delivered_days_ago(order: Order, days: float) -> Order:
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=days))
    order.refresh_from_db()
    return order


@pytest.fixture
def customer(db):
    return make_user("ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def staff(db):
    return make_user("clerk", is_staff=True)


@pytest.fixture
def mug(product_factory) -> ProductVariant:
    """A 25.00 mug, ten in stock."""
    return product_factory(title="Mug", price="25.00", stock=10).variants.get()


@pytest.fixture
def order(shop, customer, mug) -> Order:
    """Two mugs, delivered just now."""
    return deliver(make_order(shop=shop, items=[(mug, 2)], user=customer))


def customized(order: Order) -> OrderLine:
    """Make the order's line a made-to-order one, as the customizer snapshots it."""
    order.lines.update(design_choices=[["Front text", "ADA"]])
    return order.lines.get()


# ---------------------------------------------------------------------------- the policy


def test_the_policy_defaults_to_thirty_days_and_no_fee(shop):
    policy = ReturnPolicy.for_site(shop.site)

    assert (policy.window_days, policy.restocking_fee_percent) == (30, Decimal("0"))


def test_the_return_window_can_never_be_shorter_than_fourteen_days(shop):
    policy = ReturnPolicy.for_site(shop.site)
    policy.window_days = 13

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()

    assert list(refused.value.message_dict) == ["window_days"]
    policy.window_days = 14
    policy.full_clean()


@pytest.mark.parametrize("percent", ["-1", "100.01"])
def test_the_restocking_fee_is_a_percentage(shop, percent):
    policy = ReturnPolicy.for_site(shop.site)
    policy.restocking_fee_percent = Decimal(percent)

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()

    assert list(refused.value.message_dict) == ["restocking_fee_percent"]


def test_by_default_only_defective_and_wrong_items_allow_customized_goods(db):
    allowing = ReturnReason.objects.filter(allows_customized=True).values_list("code", flat=True)
    photos = ReturnReason.objects.filter(requires_photo=True).values_list("code", flat=True)

    assert set(allowing) == {"defective", "wrong_item"}
    assert set(photos) == {"defective"}


# ---------------------------------------------------------------------------- eligibility


def test_a_return_is_accepted_until_the_last_day_of_the_window(order):
    request = ask(delivered_days_ago(order, 29.99))

    assert request.status == ReturnStatus.REQUESTED


def test_a_return_after_the_window_is_refused(order):
    with pytest.raises(ReturnError, match="return window of 30 days after delivery has closed"):
        ask(delivered_days_ago(order, 30.01))

    assert not ReturnRequest.objects.exists()


def test_a_longer_window_set_by_the_editor_is_honoured(shop, order):
    policy = ReturnPolicy.for_site(shop.site)
    policy.window_days = 45
    policy.save()

    assert ask(delivered_days_ago(order, 44)).status == ReturnStatus.REQUESTED
    with pytest.raises(ReturnError, match="return window of 45 days"):
        ask(delivered_days_ago(order, 46))


@pytest.mark.parametrize(
    "statuses", [[], [OrderStatus.PAID], [OrderStatus.PAID, OrderStatus.SHIPPED]]
)
def test_an_order_that_was_not_delivered_cannot_be_returned(shop, customer, mug, statuses):
    order = make_order(shop=shop, items=[(mug, 1)], user=customer)
    for status in statuses:
        order_transition(order=order, to_status=status)

    with pytest.raises(ReturnError, match="has not been delivered yet"):
        ask(order)

    assert not ReturnRequest.objects.exists()


def test_a_cancelled_order_cannot_be_returned(shop, customer, mug):
    order = make_order(shop=shop, items=[(mug, 1)], user=customer)
    order_transition(order=order, to_status=OrderStatus.CANCELLED)

    with pytest.raises(ReturnError, match="cannot be returned"):
        ask(order)


def test_a_completed_order_can_be_returned_inside_the_window(order):
    order_transition(order=order, to_status=OrderStatus.COMPLETED)

    assert ask(order).status == ReturnStatus.REQUESTED


def test_a_line_of_another_order_is_refused(shop, order, mug):
    other = deliver(make_order(shop=shop, items=[(mug, 1)], user=make_user("bob")))

    with pytest.raises(ReturnError, match="not part of this order"):
        return_request_open(
            order=order,
            choices=[
                LineChoice(order_line=other.lines.get(), quantity=1, reason=reason("doesnt_fit"))
            ],
            outcome="refund",
        )

    assert not ReturnRequest.objects.exists()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"outcome": "cash"}, "Choose how you would like us to make it right"),
        ({"quantity": 0}, "Return at least one of each item"),
    ],
)
def test_a_bad_outcome_or_quantity_is_refused(order, kwargs, message):
    with pytest.raises(ReturnError, match=message):
        ask(order, **kwargs)


def test_a_request_without_lines_is_refused(order):
    with pytest.raises(ReturnError, match="Choose at least one item"):
        return_request_open(order=order, choices=[], outcome="refund")


def test_a_reason_that_is_no_longer_offered_is_refused(order):
    ReturnReason.objects.filter(code="doesnt_fit").update(active=False)

    with pytest.raises(ReturnError, match="Choose one of the reasons offered"):
        ask(order)


# ---------------------------------------------------------------------------- customized goods


def test_customized_goods_cannot_be_returned_because_the_shopper_changed_their_mind(order):
    customized(order)

    with pytest.raises(ReturnError, match="made to your design"):
        ask(order, code="changed_mind")

    assert not ReturnRequest.objects.exists()


def test_customized_goods_that_arrived_defective_can_be_returned_with_a_photo(order):
    customized(order)

    request = ask(order, code="defective", photos=[photo()])

    assert request.lines.get().reason.code == "defective"
    stored = request.photos.get()
    assert stored.image.name.endswith(".jpg") and stored.thumbnail.name.endswith(".jpg")


def test_customized_goods_that_are_the_wrong_item_can_be_returned(order):
    customized(order)

    assert ask(order, code="wrong_item").status == ReturnStatus.REQUESTED


def test_an_order_line_made_to_a_design_is_customized(shop, customer, customizable):
    design = design_create(
        product=customizable.product, choices={"body": {"swatch": customizable.navy.pk}}
    )
    order = deliver(
        make_order(
            shop=shop,
            items=[(customizable.product.variants.get(), 1)],
            user=customer,
            design=design,
        )
    )
    order.lines.update(design_choices=[])  # the design alone makes it made-to-order

    with pytest.raises(ReturnError, match="made to your design"):
        ask(order, code="changed_mind")
    assert ask(order, code="wrong_item").status == ReturnStatus.REQUESTED


def test_a_reason_that_needs_a_photo_is_refused_without_one(order):
    with pytest.raises(ReturnError, match="Please add a photo"):
        ask(order, code="defective")

    assert not ReturnRequest.objects.exists()


# ---------------------------------------------------------------------------- quantities


def test_more_than_was_bought_is_refused(order):
    with pytest.raises(ReturnError, match="You can return at most 2 of “Mug”"):
        ask(order, quantity=3)


def test_the_same_line_twice_in_one_request_counts_together(order):
    line = order.lines.get()

    with pytest.raises(ReturnError, match="at most 2"):
        return_request_open(
            order=order,
            choices=[
                LineChoice(order_line=line, quantity=1, reason=reason("doesnt_fit")),
                LineChoice(order_line=line, quantity=2, reason=reason("changed_mind")),
            ],
            outcome="refund",
        )


def test_a_second_request_may_return_only_what_is_left(order):
    ask(order, quantity=1)

    with pytest.raises(ReturnError, match="at most 1 of"):
        ask(order, quantity=2)
    ask(order, quantity=1)
    with pytest.raises(ReturnError, match="at most 0 of"):
        ask(order, quantity=1)

    assert ReturnRequest.objects.count() == 2


def test_a_rejected_request_frees_its_quantities_again(order, staff):
    first = ask(order, quantity=2)
    with pytest.raises(ReturnError, match="at most 0"):
        ask(order, quantity=1)

    return_reject(request=first, actor=staff, message="Worn.")
    second = ask(order, quantity=2)
    # Closing the rejected request does not take the quantities back.
    return_close(request=first, actor=staff)
    return_reject(request=second, actor=staff, message="Worn again.")

    assert ask(order, quantity=2).status == ReturnStatus.REQUESTED


# ---------------------------------------------------------------------------- transitions


PATHS = {
    ReturnStatus.REQUESTED: [],
    ReturnStatus.APPROVED: [ReturnStatus.APPROVED],
    ReturnStatus.REJECTED: [ReturnStatus.REJECTED],
    ReturnStatus.RECEIVED: [ReturnStatus.APPROVED, ReturnStatus.RECEIVED],
    ReturnStatus.REFUNDED: [ReturnStatus.APPROVED, ReturnStatus.RECEIVED, ReturnStatus.REFUNDED],
    ReturnStatus.CLOSED: [ReturnStatus.REJECTED, ReturnStatus.CLOSED],
}


def act(request: ReturnRequest, to_status: str, actor) -> ReturnRequest:
    """Call the service that moves ``request`` to ``to_status``."""
    if to_status == ReturnStatus.APPROVED:
        return return_approve(request=request, actor=actor)
    if to_status == ReturnStatus.REJECTED:
        return return_reject(request=request, actor=actor, message="Not in the original box.")
    if to_status == ReturnStatus.RECEIVED:
        conditions = {line.pk: "sellable" for line in request.lines.all()}
        return return_receive(request=request, actor=actor, conditions=conditions)
    if to_status == ReturnStatus.REFUNDED:
        return return_refund(request=request, actor=actor)
    return return_close(request=request, actor=actor)


@pytest.mark.parametrize("from_status", list(PATHS))
@pytest.mark.parametrize("to_status", list(PATHS)[1:])
def test_each_move_is_allowed_or_refused_as_the_workflow_says(order, staff, from_status, to_status):
    request = ask(order)
    for step in PATHS[from_status]:
        request = act(request, step, staff)
    events_before = ReturnEvent.objects.count()

    if to_status in TRANSITIONS[from_status]:
        request = act(request, to_status, staff)

        event = request.events.last()
        assert (request.status, event.from_status, event.to_status, event.actor) == (
            to_status,
            from_status,
            to_status,
            staff,
        )
    else:
        with pytest.raises(ReturnError, match=r"cannot be marked|refunded already"):
            act(request, to_status, staff)

        request.refresh_from_db()
        assert request.status == from_status
        assert ReturnEvent.objects.count() == events_before


def test_each_event_records_who_acted(order, customer, staff):
    request = ask(order, actor=customer, note="Too small")
    return_approve(request=request, actor=staff, note="OK")
    return_reject(request=request, actor=staff, message="It was worn.")

    assert list(request.events.values_list("from_status", "to_status", "actor", "note")) == [
        ("", "requested", customer.pk, "Too small"),
        ("requested", "approved", staff.pk, "OK"),
        ("approved", "rejected", staff.pk, "It was worn."),
    ]


def test_a_rejection_needs_a_message_for_the_customer(order, staff):
    request = ask(order)

    with pytest.raises(ReturnError, match="Tell the customer why"):
        return_reject(request=request, actor=staff, message="  ")

    request.refresh_from_db()
    assert request.status == ReturnStatus.REQUESTED


def test_an_exchange_needs_an_exchange_request_that_was_received(order, staff):
    refund = ask(order, quantity=1)
    return_approve(request=refund, actor=staff)
    with pytest.raises(ReturnError, match="not an exchange"):
        return_exchange(request=refund, actor=staff)

    exchange = ask(order, quantity=1, outcome="exchange")
    with pytest.raises(ReturnError, match="Mark the return received"):
        return_exchange(request=exchange, actor=staff)

    exchange.refresh_from_db()
    assert (exchange.status, exchange.exchange_order) == (ReturnStatus.REQUESTED, None)


# ---------------------------------------------------------------------------- signals, mail


@pytest.fixture
def heard():
    """The return signals received, as (signal name, sender, request) triples."""
    received = []
    names = ("return_approved", "return_received", "return_refunded")
    receivers = {}
    for name in names:

        def receiver(sender, request, name=name, **kwargs):
            received.append((name, sender, request))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver, dispatch_uid=f"test-{name}")
    yield received
    for name in names:
        getattr(signals, name).disconnect(dispatch_uid=f"test-{name}")


def test_each_signal_is_sent_once_after_commit_with_the_request(
    order, staff, heard, django_capture_on_commit_callbacks
):
    request = ask(order)
    steps = [
        ("return_approved", lambda: return_approve(request=request, actor=staff)),
        (
            "return_received",
            lambda: return_receive(
                request=request, actor=staff, conditions={request.lines.get().pk: "sellable"}
            ),
        ),
        ("return_refunded", lambda: return_refund(request=request, actor=staff)),
    ]
    for name, step in steps:
        heard.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step()
            assert heard == []  # nothing before the commit

        assert [(signal, sender, sent.pk) for signal, sender, sent in heard] == [
            (name, ReturnRequest, request.pk)
        ]

    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return_close(request=request, actor=staff)
    assert heard == []


def test_a_refused_move_sends_no_signal(order, staff, heard, django_capture_on_commit_callbacks):
    request = ask(order)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ReturnError),
    ):
        return_refund(request=request, actor=staff)

    assert (heard, callbacks) == ([], [])


def test_the_customer_gets_an_email_with_the_rma_at_each_status(
    order, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(order)
    with django_capture_on_commit_callbacks(execute=True):
        for step in PATHS[ReturnStatus.REFUNDED] + [ReturnStatus.CLOSED]:
            request = act(request, step, staff)
    with django_capture_on_commit_callbacks(execute=True):
        rejected = ask(order, quantity=1)
        act(rejected, ReturnStatus.REJECTED, staff)

    mails = [(m.to, m.subject, m.body) for m in mailoutbox if "return" in m.subject.lower()]
    assert [(to, subject) for to, subject, _body in mails] == [
        (["ada@example.com"], f"Test shop: We received your return request {request.rma}"),
        (
            ["ada@example.com"],
            f"Test shop: Your return {request.rma} is approved: here is your slip",
        ),
        (["ada@example.com"], f"Test shop: Your return {request.rma} arrived"),
        (["ada@example.com"], f"Test shop: Your return {request.rma} is refunded"),
        (["ada@example.com"], f"Test shop: Your return {request.rma} is closed"),
        (["ada@example.com"], f"Test shop: We received your return request {rejected.rma}"),
        (["ada@example.com"], f"Test shop: About your return request {rejected.rma}"),
    ]
    assert all(
        (request.rma if request.rma in subject else rejected.rma) in body
        for _to, subject, body in mails
    )
    assert "Not in the original box." in mails[-1][2]


# ---------------------------------------------------------------------------- receiving


@pytest.fixture
def three_variants(product_factory) -> list[ProductVariant]:
    product = product_factory(
        title="Tee", price="20.00", variants=[("S", None), ("M", None), ("L", None)], stock=5
    )
    return list(ProductVariant.objects.filter(product=product).order_by("pk"))


def stock(variant: ProductVariant) -> int:
    return StockRecord.objects.get(variant=variant).quantity


def test_receiving_restocks_sellable_lines_only_in_variant_order(
    shop, customer, staff, three_variants
):
    small, medium, large = three_variants
    order = deliver(
        make_order(shop=shop, items=[(large, 1), (small, 2), (medium, 1)], user=customer)
    )
    lines = {line.variant: line for line in order.lines.all()}
    request = return_request_open(
        order=order,
        choices=[
            LineChoice(order_line=lines[variant], quantity=1, reason=reason("doesnt_fit"))
            for variant in (large, medium, small)
        ],
        outcome="refund",
    )
    return_approve(request=request, actor=staff)
    returned = {line.order_line.variant: line.pk for line in request.lines.all()}
    conditions = {
        returned[large]: "sellable",
        returned[medium]: "damaged",
        returned[small]: "sellable",
    }

    with CaptureQueriesContext(connection) as queries:
        return_receive(request=request, actor=staff, conditions=conditions)

    restocked = [
        int(match)
        for query in queries
        if query["sql"].startswith("UPDATE") and "stockrecord" in query["sql"]
        for match in re.findall(r'"variant_id" = (\d+)', query["sql"])
    ]
    assert restocked == [small.pk, large.pk]  # medium was damaged; small first (lower pk)
    assert [stock(small), stock(medium), stock(large)] == [4, 4, 5]  # 5 − sold + sellable back
    assert dict(request.lines.values_list("order_line__variant", "condition")) == {
        small.pk: "sellable",
        medium.pk: "damaged",
        large.pk: "sellable",
    }


def test_customized_goods_received_sellable_do_not_go_back_into_stock(
    shop, customer, staff, customizable
):
    variant = customizable.product.variants.get()
    design = design_create(
        product=customizable.product, choices={"body": {"swatch": customizable.navy.pk}}
    )
    order = deliver(make_order(shop=shop, items=[(variant, 1)], user=customer, design=design))
    before = stock(variant)
    request = return_request_open(
        order=order,
        choices=[LineChoice(order_line=order.lines.get(), quantity=1, reason=reason("wrong_item"))],
        outcome="refund",
    )
    return_approve(request=request, actor=staff)

    return_receive(request=request, actor=staff, conditions={request.lines.get().pk: "sellable"})

    # Printed with the customer's navy body: not a plain unit anyone could be sent.
    assert stock(variant) == before
    assert request.lines.get().condition == "sellable"


def test_receiving_without_every_condition_is_refused_and_restocks_nothing(order, staff, mug):
    request = ask(order, quantity=2)
    return_approve(request=request, actor=staff)

    with pytest.raises(ReturnError, match="condition of every returned item"):
        return_receive(request=request, actor=staff, conditions={})
    with pytest.raises(ReturnError, match="condition of every returned item"):
        return_receive(request=request, actor=staff, conditions={request.lines.get().pk: "new"})

    request.refresh_from_db()
    assert request.status == ReturnStatus.APPROVED
    assert stock(mug) == 8


def test_an_exchange_for_a_variant_of_another_product_is_refused(shop, product_factory):
    from storefront.returns.models import ReturnReason, ReturnRequest
    from storefront.returns.services import LineChoice, ReturnError, return_request_open
    from tests.factories import make_order, make_user
    from tests.loyalty.conftest import deliver

    variant = product_factory(price="20.00", stock=5).variants.get()
    elsewhere = product_factory(price="20.00", stock=5).variants.get()
    order = deliver(make_order(shop=shop, items=[(variant, 1)], user=make_user("swap")))
    line = order.lines.get()
    with pytest.raises(ReturnError, match="another size or colour"):
        return_request_open(
            order=order,
            choices=[
                LineChoice(
                    order_line=line, quantity=1, reason=ReturnReason.objects.get(code="doesnt_fit")
                )
            ],
            outcome="exchange",
            exchange_variants={line.pk: elsewhere.pk},
        )
    assert not ReturnRequest.objects.exists()
