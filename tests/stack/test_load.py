"""A bounded load run on the production stack: fifty logged-in customers with points
shop for two minutes through two gunicorn app servers and one RQ worker, driven by locust
(``bench/load/locustfile.py``) in a process of its own.

Afterwards nothing has gone wrong in between: no request failed, every order the shoppers
were shown is in the database (and no other), complete and priced right, the stock moved by
exactly what was ordered and no order took more than there was, the points ledgers add up,
and the worker sent each order's confirmation once. The timings per request type are printed
and written to ``test-artifacts/load/stats.md`` (locust's report: ``report.html`` beside it).

``LOAD_USERS`` (50), ``LOAD_DURATION`` (2m) and ``LOAD_SPAWN_RATE`` (5 a second) change the
run, e.g. a short one while developing::

    LOAD_USERS=10 LOAD_DURATION=30s DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/pytest tests/stack/test_load.py -s
"""

import csv
import json
import os
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import django_rq
import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db.models import Sum

from storefront.core.models import SentMail
from storefront.core.money import money
from storefront.loyalty.models import (
    EntryKind,
    EntryState,
    LoyaltyAccount,
    LoyaltySettings,
    PointsEntry,
)
from storefront.loyalty.rules import points_earned
from storefront.loyalty.services import ledger_consistent, order_earn_base, points_bonus
from storefront.orders.models import Order, OrderStatus
from storefront.products.models import ProductPage, ProductVariant, StockRecord
from storefront.products.services import stock_set
from tests.customizer.conftest import customizable  # noqa: F401 - the fixture
from tests.factories import make_product
from tests.loyalty.conftest import program  # noqa: F401 - the fixture
from tests.stack.conftest import PASSWORD, production_password_hash
from tests.stack.processes import BIN, ROOT, wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

USERS = int(os.environ.get("LOAD_USERS", "50"))
DURATION = os.environ.get("LOAD_DURATION", "2m")
SPAWN_RATE = os.environ.get("LOAD_SPAWN_RATE", "5")
ARTIFACTS = ROOT / "test-artifacts" / "load"
POINTS = 2000  # each customer's spendable points at the start: 100.00 of goods
STOCK = 10_000  # of every variant but the scarce one: never the limit
SCARCE = "Last-batch lamp"
SCARCE_STOCK = max(1, USERS // 10)
# title, price, variants ((name, price override) pairs), category
CATALOGUE = [
    ("Linen shirt", "39.00", [("S", None), ("M", None), ("L", "42.00")], "apparel"),
    ("Wool beanie", "18.50", [("One size", None)], "apparel"),
    ("Rain jacket", "89.00", [("M", None), ("L", None)], "apparel"),
    ("Running socks", "9.90", [("39-42", None), ("43-46", None)], "apparel"),
    ("Denim apron", "27.00", [("One size", None)], "apparel"),
    ("Canvas tote", "14.00", [("Natural", None), ("Black", None)], "home_goods"),
    ("Enamel mug", "12.00", [("White", None), ("Blue", None)], "home_goods"),
    ("Oak cutting board", "45.00", [("Small", None), ("Large", "59.00")], "home_goods"),
    ("Linen napkins", "22.00", [("Set of 4", None)], "home_goods"),
    ("Beeswax candle", "16.00", [("One size", None)], "home_goods"),
    ("Stoneware bowl", "19.00", [("One size", None)], "home_goods"),
    ("Cotton throw", "64.00", [("Grey", None), ("Sand", None)], "home_goods"),
]


def seconds(duration: str) -> int:
    """Locust's run time (``2m``, ``90s``, ``1h30m`` or plain seconds) in seconds."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", duration.strip())
    assert match and any(match.groups()), f"LOAD_DURATION={duration!r} is not a run time"
    hours, minutes, secs = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + secs


@dataclass
class Catalogue:
    program: LoyaltySettings
    scarce: ProductVariant


@pytest.fixture
def catalogue(stack, shop, customizable, program) -> Catalogue:  # noqa: F811 - fixtures
    """The plain products, the scarce one and the customizable one (from its fixture) with
    stock to spare, and the loyalty program (100 points = 5.00, at most half the goods).
    After ``stack``: the images go to the media the app servers read."""
    for title, price, variants, category in CATALOGUE:
        make_product(
            index=shop.index,
            title=title,
            price=price,
            variants=variants,
            stock=STOCK,
            categories=[getattr(shop, category)],
        )
    scarce = make_product(
        index=shop.index,
        title=SCARCE,
        price="30.00",
        stock=SCARCE_STOCK,
        categories=[shop.home_goods],
    )
    customizable.product.categories.set([shop.apparel])
    for variant in ProductVariant.objects.filter(product=customizable.product):
        stock_set(variant=variant, quantity=STOCK)
    return Catalogue(program=program, scarce=scarce.variants.get())


def open_accounts(count: int) -> list:
    """``load-shopper-<n>`` accounts with the production password and POINTS points each."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"load-shopper-{n}",
            email=f"load-shopper-{n}@example.com",
            first_name="Load",
            last_name=f"Shopper {n}",
            password=production_password_hash(),
        )
        for n in range(count)
    )
    for user in users:
        points_bonus(user=user, points=POINTS, source="load-welcome", reason="Load test points")
    return users


def run_locust(servers, out: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """The headless run, in a process of its own (locust patches the standard library with
    gevent); returns it and the prefix of its CSV files."""
    prefix = out / "load"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        PYTHONPATH=str(ROOT),
        LOAD_SERVERS=",".join(server.url for server in servers),
        LOAD_PASSWORD=PASSWORD,
        LOAD_ACCOUNTS=str(USERS),
        LOAD_SCARCE=SCARCE,
        LOAD_RESULTS=str(out / "results.json"),
    )
    command = [
        str(BIN / "locust"),
        "-f",
        "bench/load/locustfile.py",
        "--headless",
        "-u",
        str(USERS),
        "-r",
        SPAWN_RATE,
        "-t",
        DURATION,
        "--csv",
        str(prefix),
        "--html",
        str(ARTIFACTS / "report.html"),
        "--only-summary",
        "--stop-timeout",
        "30",
    ]
    ramp = USERS / float(SPAWN_RATE)
    with (out / "locust.log").open("w") as log:
        done = subprocess.run(  # noqa: S603 (this virtualenv's locust)
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=seconds(DURATION) + ramp + 180,
        )
    return done, prefix


def tracebacks(log: str) -> list[str]:
    """The tracebacks a log holds, each with its exception's line."""
    return re.findall(r"^Traceback \(most recent call last\):\n(?:[ \t].*\n)*.*$", log, re.M)


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as stream:
        return list(csv.DictReader(stream))


def stats_table(rows: list[dict[str, str]]) -> str:
    """p50/p95/p99/max and count per request type, as a markdown table."""
    lines = [
        "| Request | Count | Failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for row in sorted(rows, key=lambda row: (row["Name"] == "Aggregated", row["Name"])):
        name = row["Name"] if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} "
            f"| {row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} |"
        )
    return "\n".join(lines)


def points_redeemed(order: Order, loyalty: LoyaltySettings) -> int:
    """The points the order's adjustment says were spent (0 without one)."""
    amounts = [a.amount for a in order.adjustments.all() if a.code == "points"]
    assert len(amounts) <= 1, order
    if not amounts:
        return 0
    steps = -amounts[0] / loyalty.redeem_step_value
    assert steps == int(steps) and steps > 0, (order, amounts)
    return int(steps) * loyalty.redeem_step_points


def test_fifty_shoppers_for_two_minutes_leave_orders_stock_and_points_consistent(
    catalogue,
    stack,
    start_servers,
    start_worker,
    mail_sink,
    tmp_path,
    capsys,
):
    loyalty, scarce = catalogue.program, catalogue.scarce
    open_accounts(USERS)
    stock_before = dict(StockRecord.objects.values_list("variant_id", "quantity"))
    servers = start_servers(2, workers=2)
    start_worker()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    done, prefix = run_locust(servers, tmp_path)

    log = (tmp_path / "locust.log").read_text(errors="replace")
    stats = csv_rows(Path(f"{prefix}_stats.csv"))
    table = stats_table(stats)
    seen = json.loads((tmp_path / "results.json").read_text())
    numbers = [number for placed in seen["orders"].values() for number in placed]
    report = (
        f"{USERS} users, {DURATION}, 2 app servers × 2 gunicorn workers, 1 RQ worker: "
        f"{len(numbers)} orders placed\n\n{table}\n\n"
        f"Sold-out refusals (expected): {dict(seen['sold_out']) or 'none'}\n"
    )
    (ARTIFACTS / "stats.md").write_text(f"# Load run\n\n{report}")
    with capsys.disabled():
        print(f"\n===== load run: p50/p95/p99 per request type =====\n{report}")

    # Locust: every request as expected, no error in the shoppers' own code, enough done.
    failures = csv_rows(Path(f"{prefix}_failures.csv"))
    assert failures == [], f"Failed requests:\n{json.dumps(failures, indent=1)}\n{log[-5000:]}"
    exceptions = csv_rows(Path(f"{prefix}_exceptions.csv"))
    assert exceptions == [], f"Errors in the locustfile:\n{json.dumps(exceptions, indent=1)}"
    assert done.returncode == 0, log[-5000:]
    total = next(row for row in stats if row["Name"] == "Aggregated")
    assert int(total["Request Count"]) >= USERS * seconds(DURATION) // 10, total

    # Orders: the ones shoppers were shown, each once, and no other.
    orders = list(
        Order.objects.select_related("user", "shipping_method").prefetch_related(
            "lines__design", "adjustments", "points_entries"
        )
    )
    assert len(numbers) >= max(2, USERS * seconds(DURATION) // 180), seen["orders"]
    assert len(numbers) == len(set(numbers)), "an order number was shown for two checkouts"
    assert sorted(numbers) == sorted(order.number for order in orders)
    owner = {number: username for username, placed in seen["orders"].items() for number in placed}

    # Each order complete and priced on the server as its lines say.
    ordered: Counter[int] = Counter()
    sold: Counter[int] = Counter()
    with_points = 0
    for order in orders:
        lines = list(order.lines.all())
        assert lines, order
        assert order.user.username == owner[order.number]
        assert (order.status, order.email) == (OrderStatus.PLACED, order.user.email)
        for line in lines:
            variant = ProductVariant.objects.select_related("product").get(pk=line.variant_id)
            delta = line.design.price_delta if line.design_id else Decimal(0)
            assert line.unit_price == money(variant.price + delta), (order, line)
            assert line.line_total == money(line.unit_price * line.quantity), (order, line)
            if line.design_id:
                assert line.design_choices and default_storage.exists(line.design_preview), line
            ordered[line.variant_id] += line.quantity
            sold[variant.product_id] += line.quantity
        assert order.goods_total == sum(line.line_total for line in lines), order
        assert order.shipping_total == order.shipping_method.cost_for(order.goods_total), order
        adjustments = sum((a.amount for a in order.adjustments.all()), Decimal(0))
        assert order.adjustments_total == adjustments, order
        assert order.total == order.goods_total + order.shipping_total + adjustments, order

        # Its points: the redemption the totals show is in the ledger, once; so is the earn.
        entries = {entry.kind: entry for entry in order.points_entries.all()}
        assert len(entries) == len(order.points_entries.all()), order
        spent = points_redeemed(order, loyalty)
        if spent:
            assert entries[EntryKind.REDEEM].points == -spent, order
            with_points += 1
        else:
            assert EntryKind.REDEEM not in entries, order
        earn = entries[EntryKind.EARN]
        assert earn.state == EntryState.PENDING, order
        assert earn.points == points_earned(
            loyalty, base=order_earn_base(order), multiplier=Decimal(1)
        ), order
    assert with_points, "no order was paid in part with points"

    # Stock: moved by exactly what was ordered, and orders never took more than there was
    # (the stored figure cannot go below zero: a check constraint refuses it). The scarce
    # product sold out.
    stock_after = dict(StockRecord.objects.values_list("variant_id", "quantity"))
    assert stock_after.keys() == stock_before.keys()
    for variant_id, before in stock_before.items():
        assert ordered[variant_id] <= before, f"variant {variant_id} oversold"
        assert stock_after[variant_id] == before - ordered[variant_id], variant_id
    assert ordered[scarce.pk] == stock_before[scarce.pk], "the scarce product did not sell out"
    sales = dict(ProductPage.objects.values_list("pk", "sales_count"))
    assert {pk: count for pk, count in sales.items() if count} == dict(sold)

    # Points: each account equals its ledger (entries of a state neither spendable nor
    # pending would show in the total only); spendable is the start less what the orders'
    # totals took, never more than it had (the stored figures cannot go below zero: check
    # constraints); pending is what the orders earned.
    accounts = LoyaltyAccount.objects.filter(user__username__startswith="load-shopper-")
    assert accounts.count() == USERS
    for account in accounts.select_related("user"):
        assert ledger_consistent(account), account
        ledger = PointsEntry.objects.filter(account=account).aggregate(total=Sum("points"))
        assert account.balance + account.pending == ledger["total"], account
        mine = [order for order in orders if order.user_id == account.user_id]
        spent = sum(points_redeemed(order, loyalty) for order in mine)
        assert spent <= POINTS, f"{account} spent {spent} of {POINTS} points"
        assert account.balance == POINTS - spent, account
        assert account.pending == sum(
            entry.points
            for order in mine
            for entry in order.points_entries.all()
            if entry.kind == EntryKind.EARN
        ), account

    # Mail: the worker sent each order's confirmation, once.
    queue = django_rq.get_queue(stack.queue_name)
    wait_for(
        lambda: (
            queue.count == 0
            and queue.started_job_registry.count == 0
            and queue.scheduled_job_registry.count == 0
            and len(mail_sink.messages) >= len(orders)
        ),
        timeout=180,
        what=f"the worker to send {len(orders)} confirmations (sent {len(mail_sink.messages)})",
    )
    assert queue.failed_job_registry.count == 0
    for order in orders:
        confirmations = [m for m in mail_sink.to(order.email) if order.number in m["Subject"]]
        assert len(confirmations) == 1, order
    assert len(mail_sink.messages) == len(orders)
    assert set(SentMail.objects.values_list("key", flat=True)) == {
        f"order:{order.pk}:placed" for order in orders
    }

    # Nothing went wrong behind the responses either.
    for log_file in sorted(stack.logs.glob("*.log")):
        errors = tracebacks(log_file.read_text(errors="replace"))
        assert errors == [], f"{log_file.name}:\n" + "\n".join(errors[:3])
