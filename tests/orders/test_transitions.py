"""Moving an order through its statuses: who did it, what it announces, what it refuses."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.orders import signals
from storefront.orders.models import Order, OrderEvent
from storefront.orders.services import TransitionError, order_transition
from storefront.products.models import ProductPage, ProductVariant, StockRecord
from tests.factories import make_order, make_user

HAPPY_PATH = ["paid", "shipped", "delivered", "completed"]


def variant_of(product: ProductPage, name: str) -> ProductVariant:
    return ProductVariant.objects.get(product=product, name=name)


def stock(variant: ProductVariant) -> int:
    return StockRecord.objects.get(variant=variant).quantity


def sales_count(product: ProductPage) -> int:
    return ProductPage.objects.get(pk=product.pk).sales_count


def move(order: Order, *statuses: str, actor=None) -> Order:
    for status in statuses:
        order = order_transition(order=order, to_status=status, actor=actor)
    return order


@pytest.fixture
def tee(product_factory):
    return product_factory(title="Blue tee", stock=[5, 3], variants=[("M", None), ("XL", "24")])


@pytest.fixture
def order(shop, tee):
    """A guest's bank-transfer order for two M and one XL tee, as placed."""
    return make_order(
        shop=shop,
        items=[(variant_of(tee, "M"), 2), (variant_of(tee, "XL"), 1)],
        shipping_method=shop.express,
    )


@pytest.fixture
def cash_order(shop, tee):
    return make_order(
        shop=shop,
        items=[(variant_of(tee, "M"), 1)],
        shipping_method=shop.express,
        payment_method="pay_on_delivery",
    )


@pytest.fixture
def clerk(db):
    return make_user("clerk", is_staff=True)


@pytest.fixture
def announced():
    """Every status signal received, in order, as (signal name, order number)."""
    names = {
        signals.order_placed: "order_placed",
        signals.order_paid: "order_paid",
        signals.order_shipped: "order_shipped",
        signals.order_delivered: "order_delivered",
        signals.order_completed: "order_completed",
        signals.order_cancelled: "order_cancelled",
    }
    received = []
    handlers = []
    for signal, name in names.items():

        def handler(sender, order, _name=name, **kwargs):
            received.append((_name, order.number))

        signal.connect(handler, weak=False)
        handlers.append((signal, handler))
    yield received
    for signal, handler in handlers:
        signal.disconnect(handler)


# ---------------------------------------------------------------------------- allowed


def test_the_workflow_records_each_move_with_its_actor_and_note(order, clerk):
    notes = {
        "paid": "Transfer arrived",
        "shipped": "DHL 1234",
        "delivered": "",
        "completed": "",
    }
    for status in HAPPY_PATH:
        order_transition(order=order, to_status=status, actor=clerk, note=notes[status])

    events = OrderEvent.objects.filter(order=order).order_by("created_at", "pk")
    assert [(e.from_status, e.to_status, e.actor, e.note) for e in events] == [
        ("", "placed", None, ""),
        ("placed", "paid", clerk, "Transfer arrived"),
        ("paid", "shipped", clerk, "DHL 1234"),
        ("shipped", "delivered", clerk, ""),
        ("delivered", "completed", clerk, ""),
    ]
    order.refresh_from_db()
    assert order.status == "completed"


def test_delivering_records_when_the_order_arrived(order, clerk):
    moved = move(order, "paid", "shipped", actor=clerk)
    assert moved.delivered_at is None

    delivered = order_transition(order=order, to_status="delivered", actor=clerk)

    order.refresh_from_db()
    assert order.delivered_at is not None
    assert order.delivered_at == delivered.delivered_at
    assert (
        order.delivered_at == OrderEvent.objects.get(order=order, to_status="delivered").created_at
    )


def test_each_move_emails_the_customer(order, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        move(order, *HAPPY_PATH, actor=clerk)

    assert [message.to for message in mail.outbox] == [["ada@example.com"]] * 4
    subjects = [message.subject for message in mail.outbox]
    assert all(order.number in subject for subject in subjects)
    assert [subject.split(": ", 1)[1] for subject in subjects] == [
        f"We received your payment for order {order.number}",
        f"Your order {order.number} is on its way",
        f"Your order {order.number} was delivered",
        f"Your order {order.number} is complete",
    ]


def test_each_move_sends_its_signal_once(
    order, clerk, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        move(order, *HAPPY_PATH, actor=clerk)

    assert announced == [
        ("order_paid", order.number),
        ("order_shipped", order.number),
        ("order_delivered", order.number),
        ("order_completed", order.number),
    ]


def test_every_move_sends_order_status_changed_with_both_statuses(
    order, clerk, django_capture_on_commit_callbacks
):
    changes = []

    def handler(sender, order, from_status, to_status, **kwargs):
        changes.append((from_status, to_status))

    signals.order_status_changed.connect(handler, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            move(order, "paid", "cancelled", actor=clerk)
    finally:
        signals.order_status_changed.disconnect(handler)

    assert changes == [("placed", "paid"), ("paid", "cancelled")]


def test_cancelling_emails_the_customer_and_sends_order_cancelled(
    order, clerk, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to_status="cancelled", actor=clerk, note="Out of paper")

    assert announced == [("order_cancelled", order.number)]
    assert len(mail.outbox) == 1
    assert f"Your order {order.number} was cancelled" in mail.outbox[0].subject


# ---------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("path", "target"),
    [
        pytest.param([], "delivered", id="placed-to-delivered"),
        pytest.param([], "completed", id="placed-to-completed"),
        pytest.param([], "placed", id="placed-to-placed"),
        pytest.param(["paid"], "paid", id="paid-to-paid"),
        pytest.param(["paid", "shipped"], "cancelled", id="shipped-to-cancelled"),
        pytest.param(["paid", "shipped"], "paid", id="shipped-back-to-paid"),
        pytest.param(HAPPY_PATH, "cancelled", id="completed-to-cancelled"),
        pytest.param(HAPPY_PATH, "shipped", id="completed-to-shipped"),
        pytest.param(["cancelled"], "paid", id="cancelled-to-paid"),
        pytest.param(["cancelled"], "placed", id="cancelled-to-placed"),
        pytest.param([], "refunded", id="unknown-status"),
        pytest.param([], "", id="empty-status"),
    ],
)
def test_a_move_not_allowed_from_the_current_status_changes_nothing(
    order, tee, clerk, path, target, django_capture_on_commit_callbacks
):
    order = move(order, *path, actor=clerk)
    before_status, before_delivered_at = order.status, order.delivered_at
    before_events = OrderEvent.objects.filter(order=order).count()
    before_stock = (stock(variant_of(tee, "M")), stock(variant_of(tee, "XL")))
    before_sales = sales_count(tee)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionError, match="cannot be marked"),
    ):
        order_transition(order=order, to_status=target, actor=clerk, note="nope")

    order.refresh_from_db()
    assert order.status == before_status
    assert order.delivered_at == before_delivered_at
    assert OrderEvent.objects.filter(order=order).count() == before_events
    assert (stock(variant_of(tee, "M")), stock(variant_of(tee, "XL"))) == before_stock
    assert sales_count(tee) == before_sales
    assert callbacks == []


def test_a_stale_order_object_is_checked_against_the_stored_status(order, clerk):
    stale = Order.objects.get(pk=order.pk)
    move(order, "cancelled", actor=clerk)

    with pytest.raises(TransitionError):
        order_transition(order=stale, to_status="paid", actor=clerk)

    assert Order.objects.get(pk=order.pk).status == "cancelled"


# ---------------------------------------------------------------------------- stock


@pytest.mark.parametrize("path", [[], ["paid"]], ids=["placed", "paid"])
def test_cancelling_restocks_the_exact_quantities_and_lowers_sales(order, tee, clerk, path):
    m, xl = variant_of(tee, "M"), variant_of(tee, "XL")
    move(order, *path, actor=clerk)
    assert (stock(m), stock(xl), sales_count(tee)) == (3, 2, 3)

    order_transition(order=order, to_status="cancelled", actor=clerk)

    assert (stock(m), stock(xl)) == (5, 3)
    assert sales_count(tee) == 0


def test_cancelling_one_order_leaves_the_other_orders_sales(shop, order, tee, clerk):
    make_order(shop=shop, items=[(variant_of(tee, "M"), 1)], shipping_method=shop.express)
    assert sales_count(tee) == 4

    order_transition(order=order, to_status="cancelled", actor=clerk)

    assert sales_count(tee) == 1
    assert stock(variant_of(tee, "M")) == 4


def test_moves_other_than_cancelling_leave_the_stock_alone(order, tee, clerk):
    move(order, *HAPPY_PATH, actor=clerk)

    assert (stock(variant_of(tee, "M")), stock(variant_of(tee, "XL"))) == (3, 2)
    assert sales_count(tee) == 3


# ---------------------------------------------------------------------------- payment


def test_a_pay_on_delivery_order_may_ship_before_it_is_paid(cash_order, clerk):
    shipped = order_transition(order=cash_order, to_status="shipped", actor=clerk)

    assert shipped.status == "shipped"
    assert list(
        OrderEvent.objects.filter(order=cash_order).values_list("from_status", "to_status")
    ) == [("", "placed"), ("placed", "shipped")]


def test_a_pay_on_delivery_order_may_still_be_paid_first(cash_order, clerk):
    assert move(cash_order, "paid", "shipped", actor=clerk).status == "shipped"


def test_a_bank_transfer_order_must_be_paid_before_it_ships(order, clerk):
    with pytest.raises(TransitionError):
        order_transition(order=order, to_status="shipped", actor=clerk)

    order.refresh_from_db()
    assert order.status == "placed"


# ---------------------------------------------------------------------------- e-mails


def test_the_order_mail_task_run_twice_mails_once(order, mailoutbox):
    """A task queue delivers at least once: the second run of a mail finds it sent."""
    from storefront.core.models import SentMail
    from storefront.orders.tasks import send_order_email

    first = send_order_email.enqueue(order_id=order.pk, status="placed")
    second = send_order_email.enqueue(order_id=order.pk, status="placed")

    assert (first.return_value, second.return_value) == (True, False)
    assert [message.subject for message in mailoutbox] == [
        f"Test shop: Thank you for your order {order.number}"
    ]
    assert list(SentMail.objects.values_list("key", flat=True)) == [f"order:{order.pk}:placed"]


def test_each_status_of_an_order_is_mailed_once(order, clerk, mailoutbox):
    from storefront.orders.tasks import send_order_email

    move(order, "paid", actor=clerk)
    for status in ("placed", "paid", "placed", "paid"):
        send_order_email.enqueue(order_id=order.pk, status=status)

    assert len(mailoutbox) == 2


def test_a_mail_that_fails_to_send_leaves_no_record_and_goes_out_on_the_retry(
    order, mailoutbox, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    from storefront.core.models import SentMail
    from storefront.orders.emails import order_email_send

    def mail_server_down(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", mail_server_down)
        with pytest.raises(ConnectionRefusedError):
            order_email_send(order_id=order.pk, status="placed")
    assert not SentMail.objects.exists()

    assert order_email_send(order_id=order.pk, status="placed") is True
    assert len(mailoutbox) == 1


def test_an_order_email_reads_the_shop_settings_once_however_many_lines(
    shop, product_factory, mailoutbox
):
    from storefront.orders.emails import order_email_send

    def queries_to_mail(line_count: int) -> int:
        products = [product_factory(title=f"Item {n}", stock=5) for n in range(line_count)]
        order = make_order(shop=shop, items=[(p.variants.get(), 1) for p in products])
        with CaptureQueriesContext(connection) as queries:
            assert order_email_send(order_id=order.pk, status="placed") is True
        return len(queries)

    # Every amount ({% money %}: prices, line totals, shipping, totals) of a longer order
    # costs no query of its own.
    assert queries_to_mail(1) == queries_to_mail(6)
    assert "$" in mailoutbox[-1].body
