"""Insight reports on PostgreSQL: every report of the Reports menu, page and CSV export, with
and without a date filter, and the admin home panel's figures, over 5,000,000 preference
events and 200,000 orders.

Target (issue 8): each report answers in under a second (median), because reports read the
rollups and indexed aggregates, not the raw events.

    .venv/bin/python bench/insights_reports.py [--events 5000000] [--orders 200000]
        [--products 2000] [--runs 5] [--seed 0.5] [--explain] [--profile SLUG] [--keep]

A quick smoke run: ``--events 50000 --orders 2000``.

It drops and recreates the database ``storefront_bench_insights`` and migrates it with
``config.settings.test`` (``DEBUG = False``), as ``bench/related_rebuild.py`` does, whose
helpers it uses: one shop and a prototype product through ``tests/factories.py``, the other
products cloned in SQL. Everything else is generated in SQL from ``setseed`` (the same data on
every run, relative to the run's start ``now``), then ``VACUUM (ANALYZE)``:

- a catalogue of ``--products`` products in 5 categories (one each; every 6th in a second);
  every 7th product is customizable, on one of 3 customization templates (3, 2 and 3 zones)
  offering 30 swatches and 10 patterns;
- ``--events`` preference events in time order over the last 365 days: 40 % viewed, 45 %
  selected, 8 % saved, 4.5 % carted, 2.5 % ordered; products Zipf-like (exponent 0.9),
  swatches and patterns Zipf-like (exponent 1), a pattern on a quarter of the choices;
- the daily rollup ``PreferenceDailyCount`` filled by the real service
  ``preference_rollup_rebuild()`` (timed: the nightly full recount);
- ``--orders`` orders over two years (more of them recently) from ``--orders / 4`` e-mail
  addresses: 70 % of orders from any customer, 30 % from a tenth of them (repeat
  customers); every 5th customer has a user account and a loyalty account (tier by the
  last year's spend); 2 or 3 lines each (Zipf-like products), 1 in 7 lines of 2 units;
  delivered, 4 % cancelled, the last week's still placed, paid or shipped;
- points entries for the account holders: earned per order (taken back when cancelled),
  spent on a quarter of their orders (given back when cancelled), sign-up and birthday
  bonuses, expiries, a few adjustments;
- ``--orders / 4`` reviews (a quarter of the published ones with a shop reply, 6 % held,
  4 % removed), ``--orders / 20`` return requests of delivered orders with their lines and
  reasons, ``--orders / 2`` suggestion clicks (6 % tied to an order).

Measurement: a superuser logged in through Django's test ``Client`` opens every report of
``storefront.insights.reports.REPORTS`` (read when the benchmark runs, so reports added later
are measured too): its page and its CSV export (``?export=csv``), each without a filter and
with the last 30 days in the report's first date-range filter. Also timed:
``storefront.insights.selectors.headlines()`` and the admin home page that shows them. Each is
run once to warm up (its queries counted with ``CaptureQueriesContext``), then ``--runs`` times:
median and max wall time, the time inside ``cursor.execute``, and the ratio to a baseline
timed the same way in the same run: ``SELECT count(*)`` over the raw preference events. Exit
status 1 when a median misses the target. ``--explain`` prints EXPLAIN (ANALYZE, BUFFERS) of
the slowest query of every measurement over half the target; ``--profile SLUG`` prints a
cProfile of that report's page.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.related_rebuild import (  # noqa: E402
    PRODUCT_LINE,
    analyze,
    build_shop,
    clone_statement,
    columns,
    drop_database,
    recreate_database,
    reset_peak_rss,
    scalar,
    setup_django,
    sql,
    status_kb,
    timed_statements,
    zipf_rank,
)

DB_NAME = "storefront_bench_insights"
TARGET_MS = 1000.0
CATEGORIES = ["Apparel", "Home", "Kitchen", "Stationery", "Accessories"]  # the first 2: make_shop
CUSTOMIZABLE_EVERY = 7
TEMPLATES = {
    "Tee": [("body", "Body"), ("sleeves", "Sleeves"), ("collar", "Collar")],
    "Cushion": [("front", "Front"), ("back", "Back")],
    "Mug": [("body", "Body"), ("handle", "Handle"), ("rim", "Rim")],
}
SWATCHES = 30
PATTERNS = 10
# Preference events: the cumulative share of each kind, in funnel order.
KINDS = [("viewed", 0.40), ("selected", 0.85), ("saved", 0.93), ("carted", 0.975), ("ordered", 1)]
ACCOUNT_EVERY = 5  # every 5th customer has a user account and a loyalty account
REPEAT_EVERY = 10  # 30 % of orders come from every 10th customer (all account holders)
REPEAT_SHARE = 0.3
FILTER_DAYS = 30


def insert_select(table: str, values: dict[str, str], source: str) -> str:
    """INSERT INTO ``table`` … SELECT with an SQL expression for each of its columns but
    ``id`` (all of them: a column added later makes this fail loudly)."""
    from django.db import connection

    names = columns(table)
    assert set(names) == set(values), set(names) ^ set(values)
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)  # e.g. "order"
    return (
        f"INSERT INTO {table} ({quoted}) "
        f"SELECT {', '.join(values[name] for name in names)} {source}"
    )


def statistics_for(*tables: str) -> None:
    """ANALYZE tables just loaded, so that the statements that read them next are planned
    on their real sizes (autovacuum comes later)."""
    sql(f"ANALYZE {', '.join(tables)}")


def table_of(model) -> str:
    return model._meta.db_table


def days_ago(span_days: int) -> str:
    """SQL for a random age in days within ``span_days``, recent ages the more likely (the
    density falls linearly to 0 at ``span_days``: a shop that grew)."""
    return f"({span_days} * (1 - sqrt(random())))"


# --- data ----------------------------------------------------------------------------------


def build_catalogue(products: int) -> dict:
    """The shop and its products (``bench_product``: n, product_id, title, sku, price), with
    prices from 4.90 to 99.90, categories, and every 7th product customizable
    (``bench_custom``: n, product_id, template_id, zones)."""
    from django.db import transaction

    from storefront.customizer.models import (
        CustomizationTemplate,
        Palette,
        Pattern,
        Swatch,
        Zone,
    )
    from storefront.products.models import Category, ProductPage
    from tests.factories import make_image

    built = build_shop(products)
    price = "round((4.90 + mod(n * 37, 96))::numeric, 2)"
    with transaction.atomic():
        sql(f"UPDATE bench_product SET price = {price}")
        sql(
            "UPDATE storefront_products_productpage pp SET price = b.price FROM bench_product b "
            "WHERE pp.page_ptr_id = b.product_id"
        )
        ids = list(Category.objects.order_by("sort_order").values_list("pk", flat=True))
        for name in CATEGORIES[len(ids) :]:
            ids.append(
                Category.objects.create(name=name, slug=name.lower(), sort_order=len(ids) + 1).pk
            )
        through = ProductPage.categories.through
        sql(
            f"INSERT INTO {table_of(through)} (productpage_id, category_id) "
            "SELECT b.product_id, (%s::int[])[1 + mod(b.n + k, %s)] FROM bench_product b, "
            "generate_series(0, 1) k WHERE k = 0 OR mod(b.n, 6) = 0",
            [ids, len(ids)],
        )

        image = make_image("Bench customizer image", "#dddddd")
        swatches = [
            Swatch.objects.create(
                name=f"Colour {n + 1:02d}",
                hex=f"#{(n * 0x2F1B37) % 0xFFFFFF:06x}",
                sort_order=n,
            )
            for n in range(SWATCHES)
        ]
        patterns = [
            Pattern.objects.create(name=f"Pattern {n + 1:02d}", key=f"pattern-{n + 1}", tile=image)
            for n in range(PATTERNS)
        ]
        palette = Palette.objects.create(name="All colours")
        palette.swatches.set(swatches)
        palette.save()  # modelcluster writes parental many-to-many on save
        sql("CREATE TABLE bench_template (i int PRIMARY KEY, template_id int, zones int)")
        sql(
            "CREATE TABLE bench_zone "
            "(template_id int, i int, key text, PRIMARY KEY (template_id, i))"
        )
        for i, (name, zones) in enumerate(TEMPLATES.items()):
            template = CustomizationTemplate.objects.create(name=name, base_image=image)
            for order, (key, label) in enumerate(zones):
                zone = Zone.objects.create(
                    template=template,
                    key=key,
                    label=label,
                    mask=image,
                    palette=palette,
                    default_swatch=swatches[0],
                    sort_order=order,
                )
                zone.patterns.set(patterns)
                zone.save()
                sql("INSERT INTO bench_zone VALUES (%s, %s, %s)", [template.pk, order, key])
            sql("INSERT INTO bench_template VALUES (%s, %s, %s)", [i, template.pk, len(zones)])
        sql(
            "CREATE TABLE bench_swatch AS SELECT n, (%s::int[])[n + 1] AS swatch_id "
            "FROM generate_series(0, %s) n",
            [[s.pk for s in swatches], SWATCHES - 1],
        )
        sql(
            "CREATE TABLE bench_pattern AS SELECT n, (%s::int[])[n + 1] AS pattern_id "
            "FROM generate_series(0, %s) n",
            [[p.pk for p in patterns], PATTERNS - 1],
        )
        sql(
            "CREATE TABLE bench_custom AS SELECT (row_number() OVER (ORDER BY b.n) - 1)::int AS n, "
            "b.product_id, t.template_id, t.zones FROM bench_product b "
            f"JOIN bench_template t ON t.i = mod(b.n / {CUSTOMIZABLE_EVERY}, {len(TEMPLATES)}) "
            f"WHERE mod(b.n, {CUSTOMIZABLE_EVERY}) = 0"
        )
        for table in ("bench_swatch", "bench_pattern", "bench_custom"):
            sql(f"ALTER TABLE {table} ADD PRIMARY KEY (n)")
        sql(
            "UPDATE storefront_products_productpage pp SET customization_template_id = "
            "c.template_id FROM bench_custom c WHERE pp.page_ptr_id = c.product_id"
        )
    return built


def add_preference_events(*, count: int, anchor, chunk: int = 1_000_000) -> None:
    """``count`` events in time order over the 365 days before ``anchor``, in statements
    of ``chunk`` rows. The rows are made consistent here (zones of the product's template,
    swatches and patterns that exist), so the foreign-key triggers are off for the load
    (``session_replication_role = replica``); a sample is checked afterwards."""
    from django.db import transaction

    from storefront.customizer.models import PreferenceEvent

    customizable = scalar("SELECT COUNT(*) FROM bench_custom")
    kind = (
        "CASE "
        + " ".join(f"WHEN e.k < {limit} THEN '{name}'" for name, limit in KINDS[:-1])
        + f" ELSE '{KINDS[-1][0]}' END"
    )
    choice = "e.kind <> 'viewed'"
    values = {
        "product_id": "c.product_id",
        "template_id": "c.template_id",
        "zone_key": f"CASE WHEN {choice} THEN z.key ELSE '' END",
        "swatch_id": f"CASE WHEN {choice} THEN s.swatch_id END",
        "pattern_id": f"CASE WHEN {choice} THEN p.pattern_id END",
        "text_used": "false",
        "kind": "e.kind",
        "user_id": "NULL",
        "visitor_id": "'v' || mod(e.g, 100000)",
        "created_at": "e.at",
    }
    statement = insert_select(
        table_of(PreferenceEvent),
        values,
        f"FROM (SELECT *, {kind} AS kind FROM (SELECT g, random() AS k, "
        f"{zipf_rank(customizable, 0.9)} AS product, random() AS zone, "
        f"{zipf_rank(SWATCHES, 1.0)} AS swatch, "
        f"CASE WHEN random() < 0.25 THEN {zipf_rank(PATTERNS, 1.0)} END AS pattern, "
        "%(anchor)s - interval '365 days' * (1 - (g - random()) / %(count)s) AS at "
        "FROM generate_series(%(first)s, %(last)s) g) e) e "
        "JOIN bench_custom c ON c.n = e.product "
        "JOIN bench_zone z ON z.template_id = c.template_id AND z.i = floor(e.zone * c.zones) "
        "JOIN bench_swatch s ON s.n = e.swatch LEFT JOIN bench_pattern p ON p.n = e.pattern "
        "ORDER BY e.g",
    )
    for first in range(1, count + 1, chunk):
        last = min(count, first + chunk - 1)
        with transaction.atomic():
            sql("SET LOCAL session_replication_role = replica")
            inserted = sql(
                statement, {"anchor": anchor, "count": count, "first": first, "last": last}
            )
        assert inserted == last - first + 1, inserted
    # The triggers were off: check that what they would have checked holds.
    orphans = scalar(
        f"SELECT COUNT(*) FROM (SELECT * FROM {table_of(PreferenceEvent)} TABLESAMPLE "
        "SYSTEM (1) REPEATABLE (1)) e LEFT JOIN storefront_products_productpage pp "
        "ON pp.page_ptr_id = e.product_id LEFT JOIN storefront_customizer_swatch s "
        "ON s.id = e.swatch_id WHERE pp.page_ptr_id IS NULL "
        "OR pp.customization_template_id <> e.template_id "
        "OR (e.swatch_id IS NOT NULL AND s.id IS NULL)"
    )
    assert orphans == 0, orphans
    statistics_for(table_of(PreferenceEvent))


def add_customers(*, customers: int, anchor) -> None:
    """``bench_customer`` (c, email, full_name, user_id): every ``ACCOUNT_EVERY``th has a user."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from tests.factories import make_user

    with transaction.atomic():
        sql(
            "CREATE TABLE bench_customer AS SELECT c, 'customer' || c || '@example.com' AS email, "
            "'Customer ' || c AS full_name, NULL::int AS user_id "
            "FROM generate_series(0, %s) c",
            [customers - 1],
        )
        sql("ALTER TABLE bench_customer ADD PRIMARY KEY (c)")
        prototype = make_user("bench-prototype-user")
        sql(
            clone_statement(
                table_of(get_user_model()),
                {
                    "username": "'customer' || c",
                    "email": "'customer' || c || '@example.com'",
                    "first_name": "'Customer'",
                    "last_name": "c::text",
                    "date_joined": f"%s - interval '1 day' * {days_ago(760)}",
                },
                f"FROM auth_user p, generate_series(0, %s - 1, {ACCOUNT_EVERY}) c WHERE p.id = %s",
            ),
            [anchor, customers, prototype.pk],
        )
        prototype.delete()
        statistics_for("auth_user", "bench_customer")
        sql(
            "UPDATE bench_customer b SET user_id = u.id FROM auth_user u "
            "WHERE u.username = 'customer' || b.c"
        )
        statistics_for("bench_customer")


def add_orders(*, count: int, customers: int, products: int, prototype: int, anchor) -> None:
    """``count`` orders over the two years before ``anchor`` with 2 or 3 lines each
    (``bench_order``: n, c, ago, status, order_id, ...)."""
    from django.db import transaction

    from storefront.orders.models import Order, OrderLine

    repeaters = max(1, customers // REPEAT_EVERY)
    with transaction.atomic():
        sql(
            "CREATE TABLE bench_order AS SELECT n, c, ago, s, lines, CASE WHEN ago < 2 THEN "
            "'placed' WHEN ago < 4 THEN 'paid' WHEN ago < 7 THEN 'shipped' WHEN s < 0.04 "
            "THEN 'cancelled' ELSE 'delivered' END AS status, "
            "%s - interval '1 day' * ago AS placed_at, NULL::int AS order_id FROM (SELECT n, "
            f"CASE WHEN random() < {REPEAT_SHARE} THEN floor(random() * {repeaters})::int * "
            f"{REPEAT_EVERY} ELSE floor(random() * {customers})::int END AS c, "
            f"{days_ago(730)} AS ago, random() AS s, 2 + (random() < 0.5)::int AS lines "
            "FROM generate_series(1, %s) n) o",
            [anchor, count],
        )
        sql("ALTER TABLE bench_order ADD PRIMARY KEY (n)")
        statistics_for("bench_order", "bench_customer")
        sql(
            "CREATE TABLE bench_line AS SELECT o.n, k, "
            f"mod(({zipf_rank(products, 1.0)}) * 7919, {products}) AS p, "
            "1 + (random() < 1 / 7.0)::int AS quantity "
            "FROM bench_order o CROSS JOIN LATERAL generate_series(1, o.lines) k"
        )
        goods = (
            "(SELECT l.n, SUM(b.price * l.quantity) AS goods FROM bench_line l "
            "JOIN bench_product b ON b.n = l.p GROUP BY l.n) t"
        )
        shipping = "CASE WHEN t.goods >= 60 THEN 0 ELSE 4.90 END"
        sql(
            clone_statement(
                table_of(Order),
                {
                    "number": "'I' || lpad(o.n::text, 9, '0')",
                    "checkout_token": "md5('bench-order-' || o.n)::uuid",
                    "user_id": "c.user_id",
                    "email": "c.email",
                    "full_name": "c.full_name",
                    "status": "o.status",
                    "placed_at": "o.placed_at",
                    "delivered_at": "CASE WHEN o.status = 'delivered' "
                    "THEN o.placed_at + interval '4 days' END",
                    "goods_total": "t.goods",
                    "shipping_total": shipping,
                    "adjustments_total": "0",
                    "total": f"t.goods + {shipping}",
                },
                f"FROM storefront_orders_order p, bench_order o JOIN bench_customer c "
                f"ON c.c = o.c JOIN {goods} ON t.n = o.n WHERE p.id = %s ORDER BY o.n",
            ),
            [prototype],
        )
        statistics_for("storefront_orders_order", "bench_line")
        sql(
            "UPDATE bench_order o SET order_id = x.id FROM storefront_orders_order x "
            "WHERE x.number = 'I' || lpad(o.n::text, 9, '0')"
        )
        sql(
            insert_select(
                table_of(OrderLine),
                {
                    **PRODUCT_LINE,
                    "order_id": "o.order_id",
                    "quantity": "l.quantity",
                    "line_total": "b.price * l.quantity",
                },
                "FROM bench_line l JOIN bench_order o ON o.n = l.n JOIN bench_product b "
                "ON b.n = l.p ORDER BY l.n, l.k",
            )
        )
        Order.objects.filter(pk=prototype).delete()
        statistics_for("storefront_orders_orderline", "bench_order")


def add_loyalty(*, anchor) -> None:
    """Tiers, a loyalty account per user, their points entries and balances."""
    from django.db import transaction
    from wagtail.models import Site

    from storefront.loyalty.models import (
        LoyaltyAccount,
        LoyaltySettings,
        LoyaltyTier,
        PointsEntry,
    )

    tiers = [("Bronze", 0), ("Silver", 150), ("Gold", 500)]
    with transaction.atomic():
        program = LoyaltySettings.for_site(Site.objects.get(is_default_site=True))
        for order, (name, threshold) in enumerate(tiers):
            LoyaltyTier.objects.create(
                program=program, name=name, threshold=threshold, sort_order=order
            )
        spend = (
            "(SELECT o.c, SUM(x.total) AS spend FROM bench_order o JOIN storefront_orders_order x "
            "ON x.id = o.order_id WHERE o.status <> 'cancelled' AND o.ago < 365 GROUP BY o.c) t"
        )
        tier = (
            "CASE "
            + " ".join(
                f"WHEN COALESCE(t.spend, 0) >= {threshold} THEN '{name}'"
                for name, threshold in reversed(tiers)
            )
            + " END"
        )
        sql(
            insert_select(
                table_of(LoyaltyAccount),
                {
                    "user_id": "b.user_id",
                    "balance": "0",
                    "pending": "0",
                    "tier_name": tier,
                    "tier_spend": "COALESCE(t.spend, 0)",
                    "referral_code": "'BENCH' || b.c",
                    "referred_by_id": "NULL",
                    "birthday": "date '1980-01-01' + mod(b.c * 37, 9000)",
                    "last_activity_at": "%s",
                    "created_at": "u.date_joined",
                },
                f"FROM bench_customer b JOIN auth_user u ON u.id = b.user_id LEFT JOIN {spend} "
                "ON t.c = b.c ORDER BY b.c",
            ),
            [anchor],
        )
        sql(
            "CREATE TABLE bench_member AS SELECT b.c, a.id AS account_id, u.date_joined "
            "FROM bench_customer b JOIN auth_user u ON u.id = b.user_id "
            "JOIN storefront_loyalty_loyaltyaccount a ON a.user_id = u.id"
        )
        statistics_for("bench_member", "storefront_loyalty_loyaltyaccount")
        entry = {
            "account_id": "m.account_id",
            "kind": "e.kind",
            "state": "e.state",
            "points": "e.points",
            "source": "e.source",
            "reason": "e.reason",
            "spend": "e.spend",
            "order_id": "e.order_id",
            "actor_id": "NULL",
            "created_at": "e.at",
            "available_at": "e.available_at",
        }
        goods = "x.goods_total"
        of_orders = "FROM bench_order o JOIN storefront_orders_order x ON x.id = o.order_id WHERE"
        of_members = "FROM bench_member m"
        year = "extract(year FROM %(anchor)s::timestamptz)::int"
        birthday = "make_timestamptz(y, 1 + mod(m.c, 12), 1 + mod(m.c, 28), 9, 0, 0)"
        # (c, kind, state, points, source, reason, spend, order_id, at, available_at)
        selects = [
            # earned on every order (pending until 30 days after delivery)
            f"SELECT o.c, 'earn', CASE WHEN o.status = 'delivered' AND o.ago > 34 THEN "
            f"'available' ELSE 'pending' END, floor({goods})::int, 'order:' || x.id, "
            f"'Order ' || x.number, {goods}, x.id, x.placed_at, CASE WHEN o.status = "
            f"'delivered' THEN x.placed_at + interval '34 days' END {of_orders} true",
            # taken back when cancelled
            f"SELECT o.c, 'reverse', 'available', -floor({goods})::int, 'order:' || x.id || "
            f"':earned', 'Order cancelled', -{goods}, x.id, x.placed_at + interval '1 day', "
            f"NULL::timestamptz {of_orders} o.status = 'cancelled'",
            # spent on a quarter of the orders
            "SELECT o.c, 'redeem', 'available', -100 * (1 + mod(o.n, 3)), 'order:' || x.id, "
            f"'Paid with points', 0, x.id, x.placed_at, NULL::timestamptz {of_orders} o.s >= 0.75",
            # given back when such an order was cancelled
            "SELECT o.c, 'reverse', 'available', 100 * (1 + mod(o.n, 3)), 'order:' || x.id || "
            "':redeemed', 'Order cancelled', 0, x.id, x.placed_at + interval '1 day', "
            f"NULL::timestamptz {of_orders} o.s >= 0.75 AND o.status = 'cancelled'",
            "SELECT m.c, 'bonus', 'available', 50, 'signup', 'Welcome bonus', 0, NULL::int, "
            f"m.date_joined, NULL::timestamptz {of_members}",
            "SELECT m.c, 'bonus', 'available', 100, 'birthday:' || y, 'Birthday bonus', 0, "
            f"NULL::int, {birthday}, NULL::timestamptz {of_members}, "
            f"generate_series({year} - 1, {year}) y "
            f"WHERE {birthday} BETWEEN m.date_joined AND %(anchor)s",
            "SELECT m.c, 'expire', 'available', -(10 + mod(m.c * 7, 190)), 'expire:' || "
            "(%(anchor)s::date - mod(m.c, 300)), 'Points expired', 0, NULL::int, "
            "%(anchor)s - interval '1 day' * mod(m.c, 300), NULL::timestamptz "
            f"{of_members} WHERE mod(m.c, 2) = 0",
            "SELECT m.c, 'adjust', 'available', 25, 'adjust:' || m.c, 'Goodwill', 0, NULL::int, "
            "%(anchor)s - interval '1 day' * mod(m.c, 200), NULL::timestamptz "
            f"{of_members} WHERE mod(m.c, 100) = 0",
        ]
        for select in selects:
            sql(
                insert_select(
                    table_of(PointsEntry),
                    entry,
                    f"FROM ({select}) AS e (c, kind, state, points, source, reason, spend, "
                    "order_id, at, available_at) JOIN bench_member m ON m.c = e.c ORDER BY e.at",
                ),
                {"anchor": anchor} if "%(anchor)s" in select else None,
            )
        sql(
            "UPDATE storefront_loyalty_loyaltyaccount a SET balance = GREATEST(0, t.available), "
            "pending = GREATEST(0, t.pending) FROM (SELECT account_id, "
            "SUM(points) FILTER (WHERE state = 'available') AS available, "
            "SUM(points) FILTER (WHERE state = 'pending') AS pending "
            "FROM storefront_loyalty_pointsentry GROUP BY account_id) t WHERE t.account_id = a.id"
        )


def add_reviews(*, count: int, products: int, anchor) -> None:
    """``count`` reviews (django-comments-xtd rows in three tables: comment, xtd comment,
    product review) and the shop's replies to a quarter of the published ones."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment

    from storefront.products.models import ProductPage
    from storefront.reviews.models import ProductReview

    text = "Exactly as described and well made, would buy it again."
    with transaction.atomic():
        product = scalar("SELECT product_id FROM bench_product WHERE n = 0")
        prototype = ProductReview.objects.create(
            content_type=ContentType.objects.get_for_model(ProductPage),
            object_pk=str(product),
            site_id=1,
            user_name="Prototype",
            user_email="prototype@example.com",
            comment=text,
            submit_date=anchor,
            product_id=product,
            rating=5,
            title="Prototype",
            reviewer_key="email:prototype@example.com",
        )
        base = scalar(f"SELECT MAX(id) FROM {table_of(Comment)}")
        # u: the rating (products lean better or worse); st: published, held or removed.
        sql(
            "CREATE TABLE bench_review AS SELECT r, p, st, verified, rp, at, CASE "
            "WHEN u < 0.10 THEN 1 WHEN u < 0.18 THEN 2 WHEN u < 0.30 THEN 3 WHEN u < 0.55 THEN 4 "
            "ELSE 5 END AS rating, st < 0.90 AS public, st >= 0.96 AS removed, NULL::int AS j "
            "FROM (SELECT r, p, least(0.999, u * (0.7 + mod(p * 13, 7) / 10.0)) AS u, st, "
            "verified, rp, at FROM (SELECT r, "
            f"mod(({zipf_rank(products, 0.9)}) * 7919, {products}) AS p, random() AS u, "
            "random() AS st, random() < 0.65 AS verified, random() AS rp, "
            f"%s - interval '1 day' * {days_ago(730)} AS at FROM generate_series(1, %s) r) v) w",
            [anchor, count],
        )
        statistics_for("bench_review")
        sql(
            "UPDATE bench_review v SET j = t.j FROM (SELECT r, row_number() OVER (ORDER BY r) AS j "
            "FROM bench_review WHERE public AND rp < 0.25) t WHERE t.r = v.r"
        )
        replies = f"{base} + {count} + v.j"
        reviews = f"{base} + v.r"
        reply_at = "v.at + interval '1 hour' * (1 + v.rp * 4 * 72)"
        source = (
            "FROM {table} p, bench_review v JOIN bench_product b ON b.n = v.p "
            "WHERE p.{pk} = %s {only} ORDER BY v.r"
        )
        for only, ids in (("", reviews), ("AND v.j IS NOT NULL", replies)):
            reply = bool(only)
            sql(
                clone_statement(
                    table_of(Comment),
                    {
                        "id": ids,
                        "object_pk": "b.product_id::text",
                        "user_name": "'Shop'" if reply else "'Customer ' || v.r",
                        "user_email": "'shop@example.com'"
                        if reply
                        else "'reviewer' || v.r || '@example.com'",
                        "submit_date": reply_at if reply else "v.at",
                        "is_public": "true" if reply else "v.public",
                        "is_removed": "false" if reply else "v.removed",
                        "comment": "'Thank you for your review.'" if reply else "p.comment",
                    },
                    source.format(table=table_of(Comment), pk="id", only=only),
                ),
                [prototype.pk],
            )
            sql(
                insert_select(
                    table_of(XtdComment),
                    {
                        "comment_ptr_id": ids,
                        "thread_id": reviews,
                        "parent_id": reviews,
                        "level": "1" if reply else "0",
                        "order": "2" if reply else "1",
                        "followup": "false",
                        "nested_count": "0" if reply else "(v.j IS NOT NULL)::int",
                    },
                    f"FROM bench_review v WHERE true {only} ORDER BY v.r",
                ),
            )
            sql(
                clone_statement(
                    table_of(ProductReview),
                    {
                        "xtdcomment_ptr_id": ids,
                        "product_id": "b.product_id",
                        "reviewer_key": "NULL"
                        if reply
                        else "'email:reviewer' || v.r || '@example.com'",
                        "rating": "NULL" if reply else "v.rating",
                        "title": "''" if reply else "'Review ' || v.r",
                        "verified": "false" if reply else "v.verified",
                        "is_shop_reply": "true" if reply else "false",
                        "reply_to_id": reviews if reply else "NULL",
                        "helpful_count": "0" if reply else "mod(v.r, 7)",
                    },
                    source.format(table=table_of(ProductReview), pk="xtdcomment_ptr_id", only=only),
                ),
                [prototype.pk],
            )
        sql(
            f"SELECT setval(pg_get_serial_sequence('{table_of(Comment)}', 'id'), "
            f"(SELECT MAX(id) FROM {table_of(Comment)}))"
        )
        prototype.delete()


def add_returns(*, count: int, anchor) -> None:
    """``count`` return requests of delivered orders: the order's first line and each other
    line with probability 0.3, reasons Zipf-like; most refunded, some still open, 10 %
    rejected; three in four refunded to the payment, the rest as store credit or exchange."""
    from django.db import transaction

    from storefront.returns.models import ReturnLine, ReturnReason, ReturnRequest

    with transaction.atomic():
        reasons = list(
            ReturnReason.objects.order_by("sort_order", "pk").values_list("pk", flat=True)
        )
        sql(
            "CREATE TABLE bench_return AS SELECT row_number() OVER (ORDER BY o.n)::int AS n, "
            "o.order_id, o.placed_at, random() AS st, random() AS oc, random() AS d "
            "FROM (SELECT * FROM bench_order WHERE status = 'delivered' ORDER BY random() "
            "LIMIT %s) o",
            [count],
        )
        sql(
            "CREATE TABLE bench_return_line AS SELECT n, line_id, quantity, "
            f"(%s::int[])[1 + {zipf_rank(len(reasons), 1.0)}] AS reason_id, refund FROM "
            "(SELECT r.n, l.id AS line_id, l.quantity, l.line_total AS refund, "
            "row_number() OVER (PARTITION BY r.n ORDER BY l.id) AS k FROM bench_return r "
            "JOIN storefront_orders_orderline l ON l.order_id = r.order_id) t "
            "WHERE k = 1 OR random() < 0.3 ORDER BY n, line_id",
            [reasons],
        )
        statistics_for("bench_return", "bench_return_line")
        status = (
            "CASE WHEN r.st < 0.55 THEN 'refunded' WHEN r.st < 0.65 THEN 'closed' "
            "WHEN r.st < 0.70 THEN 'received' WHEN r.st < 0.80 THEN 'approved' "
            "WHEN r.st < 0.90 THEN 'requested' ELSE 'rejected' END"
        )
        outcome = (
            "CASE WHEN r.oc < 0.75 THEN 'refund' WHEN r.oc < 0.90 THEN 'store_credit' "
            "ELSE 'exchange' END"
        )
        paid = f"r.st < 0.65 AND {outcome} <> 'exchange'"
        sql(
            insert_select(
                table_of(ReturnRequest),
                {
                    "rma": "'RMA' || lpad(r.n::text, 8, '0')",
                    "order_id": "r.order_id",
                    "user_id": "x.user_id",
                    "email": "x.email",
                    "status": status,
                    "outcome": outcome,
                    "note": "''",
                    "created_at": "LEAST(%s, r.placed_at + interval '4 days' + "
                    "interval '1 day' * 20 * r.d)",
                    "estimated_refund": "t.refund",
                    "shipping_refund": "0",
                    "goods_paid": "t.refund",
                    "refund_amount": f"CASE WHEN {paid} THEN t.refund END",
                    "refund_note": "''",
                    "store_credit_points": f"CASE WHEN {paid} AND {outcome} = 'store_credit' "
                    "THEN floor(t.refund * 20)::int ELSE 0 END",
                    "exchange_order_id": "NULL",
                },
                "FROM bench_return r JOIN storefront_orders_order x ON x.id = r.order_id "
                "JOIN (SELECT n, SUM(refund) AS refund FROM bench_return_line GROUP BY n) t "
                "ON t.n = r.n ORDER BY r.n",
            ),
            [anchor],
        )
        sql(
            insert_select(
                table_of(ReturnLine),
                {
                    "request_id": "q.id",
                    "order_line_id": "l.line_id",
                    "quantity": "l.quantity",
                    "reason_id": "l.reason_id",
                    "refund": "l.refund",
                    "condition": "CASE WHEN q.status IN ('received', 'refunded', 'closed') "
                    "THEN 'sellable' ELSE '' END",
                    "exchange_variant_id": "NULL",
                },
                "FROM bench_return_line l JOIN storefront_returns_returnrequest q "
                "ON q.rma = 'RMA' || lpad(l.n::text, 8, '0') ORDER BY l.n, l.line_id",
            )
        )


def add_clicks(*, count: int, customers: int, products: int, anchor) -> None:
    """``count`` suggestion clicks over the last 365 days, 40 % by account holders, of whom
    15 % then ordered (the click tied to an order)."""
    from django.db import transaction

    from storefront.related.models import SuggestionClick

    first, last, orders = (
        scalar(f"SELECT {aggregate} FROM storefront_orders_order")
        for aggregate in ("MIN(id)", "MAX(id)", "COUNT(*)")
    )
    assert last - first + 1 == orders, "order ids are not contiguous"
    members = (customers - 1) // ACCOUNT_EVERY + 1
    popular = f"mod(({zipf_rank(products, 1.0)}) * 7919, {products})"
    with transaction.atomic():
        sql(
            insert_select(
                table_of(SuggestionClick),
                {
                    "source": "CASE WHEN e.src < 0.45 THEN 'co_purchase' WHEN e.src < 0.65 "
                    "THEN 'best_seller' WHEN e.src < 0.80 THEN 'category' WHEN e.src < 0.90 "
                    "THEN 'pick' ELSE 'co_preference' END",
                    "place": "CASE WHEN e.pl < 0.7 THEN 'product' WHEN e.pl < 0.9 THEN 'cart' "
                    "ELSE 'checkout' END",
                    "from_product_id": "f.product_id",
                    "product_id": "t.product_id",
                    "user_id": "c.user_id",
                    "session_key": "CASE WHEN c.user_id IS NULL THEN 's' || e.g ELSE '' END",
                    "created_at": "%s - interval '365 days' * e.ago",
                    "order_id": f"CASE WHEN c.user_id IS NOT NULL AND e.bought THEN {first} + "
                    f"floor(e.o * {orders})::int END",
                },
                f"FROM (SELECT g, random() AS src, random() AS pl, {popular} AS fp, "
                f"{popular} AS tp, random() < 0.4 AS member, floor(random() * {members})::int * "
                f"{ACCOUNT_EVERY} AS c, random() < 0.15 AS bought, random() AS o, "
                "random() AS ago FROM generate_series(1, %s) g) e "
                "JOIN bench_product f ON f.n = e.fp JOIN bench_product t ON t.n = e.tp "
                "LEFT JOIN bench_customer c ON c.c = e.c AND e.member ORDER BY e.ago DESC",
            ),
            [anchor, count],
        )


def rollup(*, since=None) -> dict:
    """The real service's recount of the daily preference counts, timed, with the growth of
    this process's peak RSS (MiB; None where it cannot be reset)."""
    import gc

    from storefront.customizer.services import preference_rollup_rebuild

    gc.collect()
    peak_reset = reset_peak_rss()
    resident = status_kb("VmRSS")
    with timed_statements() as timer:
        started = time.perf_counter()
        rows = preference_rollup_rebuild(since=since)
        wall = time.perf_counter() - started
    growth = (status_kb("VmHWM") - resident) / 1024 if peak_reset else None
    return {"rows": rows, "wall": wall, "in_execute": timer.total, "rss_growth": growth}


def size(table: str) -> str:
    return f"pg_size_pretty(pg_total_relation_size('{table}'))"


def listing(table: str, column: str) -> str:
    """SQL for "value count, value count, …" of ``column`` in ``table``, most first."""
    return (
        f"(SELECT string_agg({column} || ' ' || n, ', ' ORDER BY n DESC) "
        f"FROM (SELECT {column}, COUNT(*) AS n FROM {table} GROUP BY {column}) t)"
    )


# What was generated: (label, a query of one row, the row's format).
FACTS = [
    (
        "products (customizable)",
        "SELECT COUNT(*), COUNT(customization_template_id) FROM storefront_products_productpage",
        "{:,} ({:,})",
    ),
    (
        "preference events",
        f"SELECT COUNT(*), {size('storefront_customizer_preferenceevent')} "
        "FROM storefront_customizer_preferenceevent",
        "{:,} ({})",
    ),
    (
        "daily preference counts (the rollup)",
        f"SELECT COUNT(*), {size('storefront_customizer_preferencedailycount')}, "
        "SUM(count)::float / GREATEST(COUNT(*), 1) FROM storefront_customizer_preferencedailycount",
        "{:,} ({}), {:.1f} events a row",
    ),
    (
        "orders (cancelled) / order lines",
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'cancelled'), "
        "(SELECT COUNT(*) FROM storefront_orders_orderline) FROM storefront_orders_order",
        "{:,} ({:,}) / {:,}",
    ),
    (
        "customers (e-mails) / with 2+ orders",
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE n > 1), MAX(n) FROM "
        "(SELECT email, COUNT(*) AS n FROM storefront_orders_order GROUP BY email) t",
        "{:,} / {:,}, most orders by one {:,}",
    ),
    (
        "loyalty accounts (tiers)",
        "SELECT COUNT(*), "
        f"{listing('storefront_loyalty_loyaltyaccount', 'tier_name')} "
        "FROM storefront_loyalty_loyaltyaccount",
        "{:,} ({})",
    ),
    (
        "points entries",
        f"SELECT COUNT(*), {listing('storefront_loyalty_pointsentry', 'kind')} "
        "FROM storefront_loyalty_pointsentry",
        "{:,} ({})",
    ),
    (
        "reviews: published / held / removed",
        "SELECT COUNT(*) FILTER (WHERE NOT r.is_shop_reply AND c.is_public AND NOT c.is_removed), "
        "COUNT(*) FILTER (WHERE NOT r.is_shop_reply AND NOT c.is_public AND NOT c.is_removed), "
        "COUNT(*) FILTER (WHERE NOT r.is_shop_reply AND c.is_removed), "
        "COUNT(*) FILTER (WHERE r.is_shop_reply) FROM storefront_reviews_productreview r "
        "JOIN django_comments c ON c.id = r.xtdcomment_ptr_id",
        "{:,} / {:,} / {:,}; shop replies {:,}",
    ),
    (
        "return requests (rejected) / lines",
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'rejected'), "
        "(SELECT COUNT(*) FROM storefront_returns_returnline) "
        "FROM storefront_returns_returnrequest",
        "{:,} ({:,}) / {:,}",
    ),
    (
        "suggestion clicks (tied to an order)",
        "SELECT COUNT(*), COUNT(order_id) FROM storefront_related_suggestionclick",
        "{:,} ({:,})",
    ),
]


def shape() -> list[tuple[str, str]]:
    return [(label, form.format(*rows(query)[0])) for label, query, form in FACTS]


def rows(statement: str, params=None) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


# --- measuring -----------------------------------------------------------------------------


def measure(call, runs: int) -> dict:
    """``call`` once to warm up, its queries captured, then ``runs`` times: wall times and
    the time inside ``cursor.execute``, in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = call()
    queries = captured.captured_queries  # now: the next request clears the connection's log
    walls, in_execute = [], []
    for _ in range(runs):
        with timed_statements() as timer:
            started = time.perf_counter()
            call()
            walls.append((time.perf_counter() - started) * 1000)
        in_execute.append(timer.total * 1000)
    return {
        "samples": walls,
        "median": statistics.median(walls),
        "max": max(walls),
        "sql": statistics.median(in_execute),
        "queries": queries,
        "result": result,
    }


def fetch(client, url: str, params: dict) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def date_range(report, start, stop) -> dict[str, str]:
    """The query parameters of the report's first date-range filter set to [start, stop]
    (``<name>_from``/``_to`` with Wagtail's picker), or {} when it has none."""
    from django_filters.fields import DateRangeField

    form = report.filterset_class(data=None).form
    for name, field in form.fields.items():
        if isinstance(field, DateRangeField):
            after, before = field.widget.suffixes
            return {f"{name}_{after}": start.isoformat(), f"{name}_{before}": stop.isoformat()}
    return {}


def explain(captured: list[dict]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest of the captured queries."""
    slowest = max(captured, key=lambda query: float(query["time"]))
    print(f"      slowest query ({float(slowest['time']) * 1000:.0f} ms when warming up):")
    print(f"      {slowest['sql'][:2000]}")
    for (line,) in rows("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"]):
        print(f"        {line}")


def profile(client, url: str, params: dict) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    fetch(client, url, params)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
    print(out.getvalue())


def measure_reports(
    *, runs: int, today, explain_slow: bool, profile_slug: str | None
) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from storefront.customizer.models import PreferenceDailyCount
    from storefront.insights.reports import REPORTS
    from storefront.insights.selectors import headlines

    admin = get_user_model().objects.create_superuser("bench-admin", "admin@example.com", "x")
    client = Client()
    client.force_login(admin)

    events = "SELECT COUNT(*) FROM storefront_customizer_preferenceevent"
    results = []

    def run(what: str, variant: str, call, *, target: bool = True, csv: bool = False) -> dict:
        measured = measure(call, runs)
        measured.update(what=what, variant=variant, target=target)
        if csv:
            measured["rows"] = measured["result"].count(b"\n") - 1
        print(
            f"  {what:<28} {variant:<28} median {measured['median']:8.1f} ms, "
            f"max {measured['max']:8.1f} ms, in execute {measured['sql']:8.1f} ms, "
            f"{len(measured['queries']):>3} queries"
            + (f", {measured['rows']:,} rows" if csv else ""),
            flush=True,
        )
        if explain_slow and measured["median"] > TARGET_MS / 2 and measured["queries"]:
            explain(measured["queries"])
        results.append(measured)
        return measured

    print(f"\n== Reports ({runs} runs each after a warm-up) ==")
    first = run("baseline: count(*) events", "", lambda: scalar(events), target=False)
    start = today - timedelta(days=FILTER_DAYS - 1)
    # A product filter makes the preference reports read the finest rollup: the product with
    # the most rows in it is the slowest case.
    busiest = (
        PreferenceDailyCount.objects.values("product")
        .annotate(rows=Count("pk"))
        .order_by("-rows")
        .first()["product"]
    )
    for report in REPORTS:
        url = reverse(report.url_name())
        filtered = date_range(report, start, today)
        variants = [("no filter", {})]
        if filtered:
            name = next(iter(filtered)).rsplit("_", 1)[0]
            variants.append((f"{name}: last {FILTER_DAYS} days", filtered))
        if "product" in report.filterset_class.base_filters:
            variants.append(("product: the busiest", {"product": busiest}))
        for variant, params in variants:
            run(f"{report.slug} page", variant, lambda p=params, u=url: fetch(client, u, p))
            run(
                f"{report.slug} CSV",
                variant,
                lambda p=params, u=url: fetch(client, u, {**p, "export": "csv"}),
                csv=True,
            )
        if profile_slug == report.slug:
            profile(client, url, {})
    run("headlines() (home panel)", "last 30 days", lambda: headlines(now=timezone.now()))
    run(
        "admin home page",
        "with the panel",
        lambda: fetch(client, reverse("wagtailadmin_home"), {}),
        target=False,
    )
    last = run("baseline: count(*) events", "again", lambda: scalar(events), target=False)
    baseline = statistics.median(first["samples"] + last["samples"])
    for measured in results:
        measured["ratio"] = measured["median"] / baseline
    return results


def print_summary(results: list[dict]) -> bool:
    """The figures as a Markdown table; True when every timed target is met."""
    print("\n== Summary ==")
    print(
        f"| {'what':<28} | {'filter':<34} | median ms | max ms | in SQL ms | × baseline "
        "| queries | CSV rows | < 1 s |"
    )
    print(
        f"|{'-' * 30}|{'-' * 36}|"
        + "|".join(
            [
                "----------:",
                "-------:",
                "----------:",
                "-----------:",
                "--------:",
                "---------:",
                "-------",
            ]
        )
        + "|"
    )
    met = True
    for measured in results:
        ok = measured["median"] < TARGET_MS
        verdict = ("PASS" if ok else "FAIL") if measured["target"] else "—"
        met = met and (ok or not measured["target"])
        csv_rows = f"{measured['rows']:,}" if "rows" in measured else "—"
        print(
            f"| {measured['what']:<28} | {measured['variant']:<34} | {measured['median']:9.1f} "
            f"| {measured['max']:6.0f} | {measured['sql']:9.1f} | {measured['ratio']:10.2f} "
            f"| {len(measured['queries']):>7} | {csv_rows:>8} | {verdict:<5} |"
        )
    return met


# --- main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5_000_000, help="preference events")
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--products", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each, after a warm-up")
    parser.add_argument(
        "--seed", type=float, default=0.5, help="PostgreSQL setseed() for the data, in [-1, 1]"
    )
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of slow reports"
    )
    parser.add_argument("--profile", metavar="SLUG", help="cProfile this report's page once")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    customers = max(100, args.orders // 4)
    sizes = {
        "reviews": args.orders // 4,
        "returns": args.orders // 20,
        "clicks": args.orders // 2,
    }

    total_started = time.perf_counter()
    url = recreate_database(DB_NAME)
    os.environ.pop("REPORTS_DATABASE_URL", None)  # reports read this database
    setup_django(url)
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    settings = ", ".join(
        f"{name} {scalar(f'SHOW {name}')}"
        for name in ("work_mem", "shared_buffers", "jit", "max_parallel_workers_per_gather")
    )
    print(
        f"Database {DB_NAME} on PostgreSQL {scalar('SHOW server_version')}, migrated in "
        f"{time.perf_counter() - started:.1f} s; {os.cpu_count()} cores, {settings}"
    )

    anchor = timezone.now()
    scalar("SELECT setseed(%s)", [args.seed])  # random() below: the same data on every run

    def step(name: str, build, **kwargs):
        started = time.perf_counter()
        result = build(**kwargs)
        print(f"  {name:<44} {time.perf_counter() - started:7.1f} s", flush=True)
        return result

    print("Generating (SQL, seeded):")
    built = step(f"{args.products:,} products", build_catalogue, products=args.products)
    step(
        f"{args.events:,} preference events",
        add_preference_events,
        count=args.events,
        anchor=anchor,
    )
    step(f"{customers:,} customers", add_customers, customers=customers, anchor=anchor)
    step(
        f"{args.orders:,} orders",
        add_orders,
        count=args.orders,
        customers=customers,
        products=args.products,
        prototype=built["prototype_order"],
        anchor=anchor,
    )
    step("loyalty accounts and points", add_loyalty, anchor=anchor)
    step(
        f"{sizes['reviews']:,} reviews",
        add_reviews,
        count=sizes["reviews"],
        products=args.products,
        anchor=anchor,
    )
    step(
        f"{sizes['returns']:,} return requests", add_returns, count=sizes["returns"], anchor=anchor
    )
    step(
        f"{sizes['clicks']:,} suggestion clicks",
        add_clicks,
        count=sizes["clicks"],
        customers=customers,
        products=args.products,
        anchor=anchor,
    )
    step("VACUUM (ANALYZE)", analyze)

    print("Daily preference counts, by preference_rollup_rebuild():")
    full = rollup()
    growth = "n/a" if full["rss_growth"] is None else f"+{full['rss_growth']:.0f} MiB"
    print(
        f"  full recount: {full['rows']:,} rows in {full['wall']:.1f} s "
        f"(in cursor.execute {full['in_execute']:.1f} s), this process's peak RSS {growth}"
    )
    since = anchor.date() - timedelta(days=7)
    week = rollup(since=since)
    print(
        f"  recount from {since} (8 days): {week['rows']:,} rows in {week['wall']:.1f} s "
        f"(in cursor.execute {week['in_execute']:.1f} s)"
    )
    counted = scalar("SELECT SUM(count) FROM storefront_customizer_preferencedailycount")
    assert counted == args.events, counted
    analyze("storefront_customizer_preferencedailycount")

    print("Data:")
    for name, value in shape():
        print(f"  {name:<40} {value}")
    print(f"Generated in {time.perf_counter() - total_started:.0f} s.")

    results = measure_reports(
        runs=args.runs,
        today=timezone.localdate(),
        explain_slow=args.explain,
        profile_slug=args.profile,
    )
    met = print_summary(results)
    print(f"\nWhole run {time.perf_counter() - total_started:.0f} s.")

    connections.close_all()
    if not args.keep:
        drop_database(DB_NAME)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
