"""Faults on the production stack: a worker killed in the middle of a task, and the database
connection of an order being placed cut from outside. Nothing is lost, nothing happens twice,
nothing is half-written."""

import threading
from decimal import Decimal

import django_rq
import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django_tasks import TaskResultStatus, default_task_backend

from storefront.core.models import SentMail
from storefront.loyalty.models import LoyaltyAccount, PointsEntry
from storefront.loyalty.services import ledger_consistent, points_bonus
from storefront.orders.models import CartLine, Order, OrderLine
from storefront.products.models import ProductPage, StockRecord
from tests.factories import make_order, make_product, make_shop
from tests.loyalty.conftest import program  # noqa: F401 - the fixture
from tests.stack.conftest import PASSWORD, production_password_hash
from tests.stack.processes import Shopper, database_url, wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# ---------------------------------------------------------------------------- the worker


def test_a_worker_killed_mid_mail_is_replaced_and_the_mail_goes_out_once(
    stack, start_worker, mail_sink
):
    shop = make_shop()
    variant = make_product(index=shop.index, title="Crash mug").variants.get()
    worker = start_worker()

    with mail_sink.hold():
        order = make_order(shop=shop, items=[(variant, 1)], email="crash@example.com")
        # The worker is sending the confirmation: the mail server has the message's text
        # and has not answered yet.
        wait_for(mail_sink.held.is_set, timeout=60, what="the worker to start sending")
        worker.kill()
        wait_for(mail_sink.dropped.is_set, timeout=30, what="the mail server to see it hang up")

    # Killed mid-send: nothing delivered, nothing recorded as sent, the job left "started".
    started = django_rq.get_queue(stack.queue_name).started_job_registry
    job_ids = started.get_job_ids(cleanup=False)
    assert len(job_ids) == 1
    assert (mail_sink.to("crash@example.com"), SentMail.objects.count()) == ([], 0)

    # The process manager starts a worker again; it takes the dead worker's job over once
    # its heartbeat lapses (storefront.core.task_backends.Worker) and retries it.
    start_worker()
    mails = wait_for(
        lambda: mail_sink.to("crash@example.com"), timeout=240, what="the retried mail"
    )
    result = wait_for(
        lambda: (
            (r := default_task_backend.get_result(job_ids[0])).status == TaskResultStatus.SUCCESSFUL
            and r
        ),
        timeout=60,
        what="the job to finish",
    )

    assert len(mails) == 1
    assert f"Thank you for your order {order.number}" in mails[0]["Subject"]
    assert result.return_value is True
    assert list(SentMail.objects.values_list("key", flat=True)) == [f"order:{order.pk}:placed"]
    assert started.get_job_ids(cleanup=False) == []
    assert len(started.get_queue().failed_job_registry) == 0


# ---------------------------------------------------------------------------- the database


CHECKOUT = {
    "email": "cut@example.com",
    "full_name": "Cut Connection",
    "address_line1": "1 Terminated Street",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
    "payment_method": "bank_transfer",
    "points": "200",
}


def shop_state(user, variant, product) -> dict:
    """What a placed order changes: orders, lines, stock, sales, points, the cart."""
    account = LoyaltyAccount.objects.get(user=user)
    return {
        "orders": Order.objects.count(),
        "lines": OrderLine.objects.count(),
        "stock": StockRecord.objects.get(variant=variant).quantity,
        "sales": ProductPage.objects.get(pk=product.pk).sales_count,
        "points": (account.balance, account.pending),
        "entries": PointsEntry.objects.filter(account=account).count(),
        "cart": list(CartLine.objects.filter(cart__user=user).values_list("quantity", flat=True)),
    }


class RowLock:
    """A row held ``FOR UPDATE`` by a connection of our own, as another transaction would."""

    def __init__(self, table: str, column: str, value):
        self.conn = psycopg.connect(database_url(connection.settings_dict))
        self.conn.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR UPDATE", [value])

    def release(self):
        self.conn.rollback()
        self.conn.close()


def blocked_backend(table: str) -> int | None:
    """The database process waiting for a lock on ``table`` (our request's connection)."""
    with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as admin:
        row = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE %s",
            [f"%{table}%"],
        ).fetchone()
    return row[0] if row else None


def tables_written_by(pid: int) -> set[str]:
    with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT relation::regclass::text FROM pg_locks "
            "WHERE pid = %s AND mode = 'RowExclusiveLock' AND relation IS NOT NULL",
            [pid],
        ).fetchall()
    return {name for (name,) in rows}


def terminate(pid: int) -> bool:
    with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as admin:
        return admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


@pytest.mark.usefixtures("program")  # 100 points = 5.00, at most half the goods
def test_an_order_whose_connection_is_cut_leaves_nothing_and_its_retry_places_it_once(
    stack, start_servers, shop
):
    mug = make_product(index=shop.index, title="Cut mug", price="20.00", stock=5)
    variant = mug.variants.get()
    user = get_user_model().objects.create(
        username="cut", password=production_password_hash(), email=CHECKOUT["email"]
    )
    points_bonus(user=user, points=500, source="welcome", reason="Welcome")
    a, b = start_servers(2)

    shopper = Shopper("198.51.100.40")
    shopper.get(a, "/account/login/")
    assert shopper.post(a, "/account/login/", {"username": "cut", "password": PASSWORD}).ok
    shopper.get(a, mug.url)
    shopper.post(a, "/cart/add/", {"variant": variant.pk, "quantity": 2})
    details = shopper.post(a, "/checkout/", {**CHECKOUT, "shipping_method": shop.standard.pk})
    assert details.url.endswith("/checkout/review/"), details.text
    review = shopper.get(a, "/checkout/review/")
    token = Shopper.page(review).find("input", attrs={"name": "checkout_token"})["value"]
    before = shop_state(user, variant, mug)
    assert before["points"] == (500, 0) and before["cart"] == [2]

    # Another transaction holds the product's row: the placement stops at its last writes
    # (the sales count), with the order, its lines, the points and the stock written.
    lock = RowLock("storefront_products_productpage", "page_ptr_id", mug.pk)
    outcome = {}
    placing = threading.Thread(
        target=lambda: outcome.update(
            response=shopper.post(a, "/checkout/review/", {"checkout_token": token})
        )
    )
    try:
        placing.start()
        pid = wait_for(
            lambda: blocked_backend("sales_count"), timeout=30, what="the placement to block"
        )
        written = tables_written_by(pid)
        assert {
            "storefront_orders_order",
            "storefront_orders_orderline",
            "storefront_loyalty_pointsentry",
            "storefront_products_stockrecord",
        } <= written, written

        assert terminate(pid)
        placing.join(timeout=60)
    finally:
        lock.release()
    assert not placing.is_alive()

    # The request failed as a whole: nothing of the order anywhere, and the shopper is told.
    failed = outcome["response"]
    assert failed.status_code == 503
    assert "Your order was not placed" in failed.text
    assert shop_state(user, variant, mug) == before
    account = LoyaltyAccount.objects.get(user=user)
    assert ledger_consistent(account)

    # The shopper presses "Try again" (the balancer sends it to the other server): one order.
    retry_form = Shopper.page(failed).find("form")
    assert retry_form["action"] == "/checkout/review/"
    assert retry_form.find("input", attrs={"name": "checkout_token"})["value"] == token
    retried = shopper.post(b, "/checkout/review/", {"checkout_token": token})
    assert retried.status_code == 200 and "/checkout/thanks/" in retried.url, retried.text
    again = shopper.post(a, "/checkout/review/", {"checkout_token": token})
    assert again.url.split("/", 3)[3] == retried.url.split("/", 3)[3]  # the same order

    order = Order.objects.get()
    assert order.number in retried.text
    after = shop_state(user, variant, mug)
    assert after["orders"] == 1 and after["lines"] == 1
    assert after["stock"] == before["stock"] - 2
    assert after["sales"] == before["sales"] + 2
    assert after["cart"] == []
    account.refresh_from_db()
    assert account.balance == 300  # 200 points spent once
    assert ledger_consistent(account)
    redeemed = PointsEntry.objects.filter(account=account, order=order, kind="redeem")
    assert redeemed.aggregate(total=Sum("points"))["total"] == -200
    assert order.adjustments_total == Decimal("-10.00")
