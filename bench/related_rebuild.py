"""Related products: the full rebuild and the update after one order, on PostgreSQL.

Targets (issue 7), on PostgreSQL on this machine (2 cores):

- ``related_rebuild()`` from 1,000,000 order lines over 20,000 products in under a minute;
- ``related_count_order()`` for a 5-line order in under 20 ms (median; p95 printed too);
- the rebuild's Python memory stays flat as the data grows (100,000 → 1,000,000 lines).

    .venv/bin/python bench/related_rebuild.py [--products 20000] [--small 100000]
        [--large 1000000] [--incremental 200] [--seed 0.5] [--explain] [--keep]

It drops and recreates the database ``storefront_bench_related`` (psycopg, on
``postgres://postgres@127.0.0.1:5432/postgres`` unless ``BENCH_PG_ADMIN_URL`` says
otherwise), migrates it with ``config.settings.test`` (``DEBUG = False``: no query log), builds
one shop and one prototype product through the page tree API (``tests/factories.py``) and
clones the product in SQL (``wagtailcore_page`` + ``storefront_products_productpage``; paths
per treebeard, unique slugs, url paths, SKUs and translation keys). Orders and lines are
generated in SQL (``setseed``: the same data each run) from a prototype order: products come
in themes of 10; an order picks a theme (Zipf-like, exponent 0.8 over the themes' ranks) and
takes each of its 5 lines from the theme with probability 0.8, or else a popular product
(Zipf-like, exponent 1, over all products, the ranks scattered over the catalogue). No
preference events: co-preference stays empty. ``VACUUM (ANALYZE)`` after each load.

Sizes: 20,000 orders × 5 = 100,000 lines, rebuild, measure; grow to 200,000 orders ×
5 = 1,000,000 lines, rebuild, measure. Each size is rebuilt twice: once plainly (wall time
including the commit, the rebuild's steps, time inside ``cursor.execute``, the PostgreSQL
backend's CPU time from /proc, peak RSS growth: VmHWM reset through /proc/self/clear_refs)
and once under ``tracemalloc`` (Python peak). Then 200 new 5-line orders are inserted in SQL
and ``related_count_order()`` is timed on each (the order is fetched outside the timing),
with the number of products it re-ranks; finally the stored top-k is compared with a fresh
rebuild's (they must be identical). ``--explain`` prints EXPLAIN (ANALYZE, BUFFERS) of every
INSERT and DELETE of a further 1M-line rebuild, rolled back. Exit status 1 when a target is
missed.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DB_NAME = "storefront_bench_related"
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
THEME_SIZE = 10
LINES_PER_ORDER = 5
IN_THEME = 0.8  # probability that a line comes from the order's theme

TARGET_REBUILD_SECONDS = 60.0
TARGET_INCREMENTAL_MS = 20.0
# "Flat": ten times the data may not grow the rebuild's Python peak by more than this.
TARGET_MEMORY_RATIO = 1.5


# --- database ------------------------------------------------------------------------------


def recreate_database(name: str = DB_NAME) -> str:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    base = ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_database(name: str = DB_NAME) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.pop("REDIS_URL", None)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.conf import settings

    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert not settings.DEBUG


# --- measuring -----------------------------------------------------------------------------


class StatementTimer:
    """A connection execute wrapper: the wall time of every statement, with a short label."""

    def __init__(self) -> None:
        self.records: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.records.append((label(sql), time.perf_counter() - started))

    @property
    def total(self) -> float:
        return sum(seconds for _label, seconds in self.records)

    def by_label(self) -> list[tuple[str, int, float]]:
        totals: dict[str, list] = defaultdict(lambda: [0, 0.0])
        for name, seconds in self.records:
            totals[name][0] += 1
            totals[name][1] += seconds
        return sorted(
            ((name, n, seconds) for name, (n, seconds) in totals.items()), key=lambda r: -r[2]
        )


def label(sql: str) -> str:
    """A statement's first words, enough to tell the rebuild's statements apart."""
    words = " ".join(sql.split())
    if words.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
        return words.rsplit(" ", 1)[0]
    for marker in (" VALUES ", " WHERE "):
        if marker in words and words.startswith(("INSERT", "DELETE", "UPDATE")):
            words = words.split(marker)[0] + marker.rstrip()
    words = words.replace('"', "")
    return words[:88] + ("…" if len(words) > 88 else "")


@contextmanager
def timed_statements():
    from django.db import connection

    timer = StatementTimer()
    with connection.execute_wrapper(timer):
        yield timer


def backend_cpu_seconds() -> float | None:
    """CPU time (user + system) of this connection's PostgreSQL backend process, from /proc
    (the server runs on this machine). Parallel workers are separate processes, not counted."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def status_kb(field: str) -> int:
    """VmRSS (resident now) or VmHWM (peak resident) of this process, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def reset_peak_rss() -> bool:
    """Reset the kernel's peak RSS of this process (Linux: clear_refs 5), so that VmHWM
    afterwards is the peak since now."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# --- data ----------------------------------------------------------------------------------


def sql(statement: str, params=None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def scalar(statement: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def columns(table: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return [
            column.name
            for column in connection.introspection.get_table_description(cursor, table)
            if column.name != "id"
        ]


def clone_statement(table: str, overrides: dict[str, str], source: str) -> str:
    """INSERT INTO ``table`` every column, from ``overrides`` (SQL expressions) or else the
    prototype row ``p`` (the same column); ``source`` is the FROM … WHERE clause. An ``id``
    in ``overrides`` sets the primary key too (to tie the rows of child tables to them)."""
    names = columns(table)
    if "id" in overrides:
        names = ["id", *names]
    missing = set(overrides) - set(names)
    assert not missing, missing
    values = [overrides.get(name, f"p.{name}") for name in names]
    return f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)} {source}"


def base36_step(expression: str) -> str:
    """SQL for treebeard's 4-character base-36 step of an integer expression (1 → 0001)."""
    digits = "'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'"
    return " || ".join(
        f"substr({digits}, mod(({expression}) / {36**power}, 36) + 1, 1)" for power in (3, 2, 1, 0)
    )


def zipf_rank(size: int, exponent: float) -> str:
    """SQL for a rank in [0, size) drawn from a continuous power law x^-exponent on
    [1, size + 1] (inverse CDF; exponent 1 is log-uniform): rank 0 is the most likely."""
    if abs(exponent - 1) < 1e-9:
        draw = f"exp(random() * ln({size + 1}))"
    else:
        a = 1 - exponent
        draw = f"power(1 + random() * (power({size + 1}, {a}) - 1), {1 / a})"
    return f"least({size - 1}, floor({draw})::int - 1)"


def build_shop(products: int) -> dict:
    """One shop and a prototype product through the page tree API, ``products - 1`` clones
    of it in SQL; a ``bench_product`` table numbers them 0 … products-1."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from storefront.orders.models import Order
    from tests.factories import make_product, make_shop

    with transaction.atomic():
        shop = make_shop()
        prototype = make_product(index=shop.index, title="Bench product 1", images=0)
    index = shop.index
    index.refresh_from_db()
    assert index.numchild == 1 and prototype.path == index.path + "0001", prototype.path
    clones = products - 1
    with transaction.atomic():
        page_source = "FROM wagtailcore_page p, generate_series(2, %s) g WHERE p.id = %s"
        sql(
            clone_statement(
                "wagtailcore_page",
                {
                    "path": f"%s || {base36_step('g')}",
                    "numchild": "0",
                    "title": "'Bench product ' || g",
                    "draft_title": "'Bench product ' || g",
                    "slug": "'bench-product-' || g",
                    "url_path": "%s || 'bench-product-' || g || '/'",
                    "translation_key": "md5(random()::text || g)::uuid",
                },
                page_source,
            ),
            [index.path, index.url_path, clones + 1, prototype.pk],
        )
        sql(
            clone_statement(
                "storefront_products_productpage",
                {"page_ptr_id": "n.id", "sku": "'BENCH-' || n.id"},
                "FROM storefront_products_productpage p, wagtailcore_page n "
                "WHERE p.page_ptr_id = %s AND n.path LIKE %s AND n.depth = %s AND n.id <> %s",
            ),
            [prototype.pk, index.path + "%", prototype.depth, prototype.pk],
        )
        sql("UPDATE wagtailcore_page SET numchild = %s WHERE id = %s", [products, index.pk])
        sql(
            "CREATE TABLE bench_product AS SELECT (row_number() OVER (ORDER BY p.id) - 1)::int "
            "AS n, p.id AS product_id, p.title, pp.sku, pp.price FROM wagtailcore_page p "
            "JOIN storefront_products_productpage pp ON pp.page_ptr_id = p.id "
            "WHERE p.path LIKE %s AND p.depth = %s",
            [index.path + "%", prototype.depth],
        )
        sql("ALTER TABLE bench_product ADD PRIMARY KEY (n)")
        # The prototype order the generated ones copy; it has no lines.
        order = Order.objects.create(
            number="BENCH-PROTO",
            checkout_token="00000000-0000-0000-0000-000000000001",
            email="ada@example.com",
            placed_at=timezone.now(),
            full_name="Ada Lovelace",
            address_line1="12 Analytical Street",
            city="Berlin",
            postal_code="10115",
            country="DE",
            shipping_method=shop.standard,
            shipping_method_name=shop.standard.name,
            payment_method="bank_transfer",
            currency="USD",
            goods_total=Decimal("100.00"),
            shipping_total=Decimal("0.00"),
            total=Decimal("100.00"),
        )
    count = scalar("SELECT COUNT(*) FROM bench_product")
    assert count == products, count
    assert scalar(
        "SELECT COUNT(DISTINCT path) = COUNT(*) AND COUNT(DISTINCT url_path) = COUNT(*) "
        "FROM wagtailcore_page"
    )
    return {"prototype_order": order.pk, "index": index}


# An order line's columns taken from its product ``b`` (a ``bench_product`` row), in SQL.
PRODUCT_LINE = {
    "product_id": "b.product_id",
    "variant_id": "NULL",
    "design_id": "NULL",
    "title": "b.title",
    "variant_name": "'M'",
    "sku": "b.sku",
    "unit_price": "b.price",
    "design_choices": "'[]'::jsonb",
    "design_preview": "''",
}


def add_orders(*, first: int, count: int, themes: int, products: int, prototype: int, recent: bool):
    """``count`` orders numbered from ``first``, copied from the prototype order, each with
    ``LINES_PER_ORDER`` lines: from the order's theme (probability ``IN_THEME``) or else a
    popular product. Themes and popular products follow Zipf-like laws; the popular ranks
    are spread over the catalogue (rank × 7919 mod products). Returns the new order ids."""
    from django.db import transaction

    placed_at = "now()" if recent else "now() - random() * interval '365 days'"
    with transaction.atomic():
        before = scalar("SELECT COALESCE(MAX(id), 0) FROM storefront_orders_order")
        sql(
            clone_statement(
                "storefront_orders_order",
                {
                    "number": "'B' || lpad(g::text, 10, '0')",
                    "checkout_token": "md5(random()::text || g)::uuid",
                    "placed_at": placed_at,
                },
                "FROM storefront_orders_order p, generate_series(%s, %s) g WHERE p.id = %s",
            ),
            [first, first + count - 1, prototype],
        )
        line_columns = {
            **PRODUCT_LINE,
            "order_id": "l.order_id",
            "quantity": "1",
            "line_total": "b.price",
        }
        names = columns("storefront_orders_orderline")
        assert set(names) == set(line_columns), set(names) ^ set(line_columns)
        popular = f"mod(({zipf_rank(products, 1.0)}) * 7919, {products})"
        sql(
            f"WITH o AS MATERIALIZED (SELECT id, {zipf_rank(themes, 0.8)} AS theme "
            "FROM storefront_orders_order WHERE id > %s), "
            "l AS MATERIALIZED (SELECT o.id AS order_id, k, CASE WHEN random() < %s "
            f"THEN o.theme * {THEME_SIZE} + floor(random() * {THEME_SIZE})::int "
            f"ELSE {popular} END AS n "
            f"FROM o CROSS JOIN generate_series(1, {LINES_PER_ORDER}) k) "
            f"INSERT INTO storefront_orders_orderline ({', '.join(names)}) "
            f"SELECT {', '.join(line_columns[name] for name in names)} "
            "FROM l JOIN bench_product b ON b.n = l.n ORDER BY l.order_id, l.k",
            [before, IN_THEME],
        )
        ids = list(
            map(
                int,
                scalar(
                    "SELECT array_agg(id ORDER BY id) FROM storefront_orders_order WHERE id > %s",
                    [before],
                ),
            )
        )
    assert len(ids) == count, len(ids)
    return ids


def analyze(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if tables:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
        else:
            cursor.execute("VACUUM (ANALYZE)")


def shape() -> dict:
    return {
        "orders": scalar("SELECT COUNT(*) FROM storefront_orders_order"),
        "lines": scalar("SELECT COUNT(*) FROM storefront_orders_orderline"),
        "products ordered": scalar(
            "SELECT COUNT(DISTINCT product_id) FROM storefront_orders_orderline"
        ),
        "distinct products per order (mean)": float(
            scalar(
                "SELECT AVG(c) FROM (SELECT COUNT(DISTINCT product_id) c "
                "FROM storefront_orders_orderline GROUP BY order_id) t"
            )
        ),
        "top product's share of orders": scalar(
            "SELECT MAX(c)::float / (SELECT COUNT(*) FROM storefront_orders_order) FROM "
            "(SELECT COUNT(DISTINCT order_id) c FROM storefront_orders_orderline "
            "GROUP BY product_id) t"
        ),
    }


# --- the rebuild -----------------------------------------------------------------------------


def stored() -> dict[str, int]:
    from storefront.core import conf
    from storefront.related.models import PairCount, ProductCount, RelatedScore, Source

    support = int(conf.get("STOREFRONT_RELATED_MIN_SUPPORT"))
    return {
        "scores (co-purchase)": RelatedScore.objects.filter(source=Source.CO_PURCHASE).count(),
        "scores (co-preference)": RelatedScore.objects.filter(source=Source.CO_PREFERENCE).count(),
        "products with scores": RelatedScore.objects.values("product").distinct().count(),
        "pairs": PairCount.objects.count(),
        f"pairs with support ≥ {support}": PairCount.objects.filter(baskets__gte=support).count(),
        "product counts": ProductCount.objects.count(),
    }


def rebuild_plain() -> dict:
    """One rebuild: wall time (commit included), the steps, time in cursor.execute, backend
    CPU, Python CPU, peak RSS growth."""
    import gc

    from storefront.related.services import related_rebuild

    gc.collect()
    marks: list[tuple[str, float]] = []
    cpu_before = backend_cpu_seconds()
    peak_reset = reset_peak_rss()
    rss_before = status_kb("VmRSS")
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    python_before = time.process_time()
    with timed_statements() as timer:
        started = time.perf_counter()
        result = related_rebuild(
            progress=lambda name, _n, _of: marks.append((name, time.perf_counter()))
        )
        wall = time.perf_counter() - started
    python_cpu = time.process_time() - python_before
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    hwm_after = status_kb("VmHWM")
    cpu_after = backend_cpu_seconds()
    steps = []
    for (name, at), (_next, until) in zip(
        marks, [*marks[1:], ("", started + result.seconds)], strict=True
    ):
        steps.append((name, until - at))
    steps.append(("commit (deferred checks) and count", wall - result.seconds))
    return {
        "result": result,
        "wall": wall,
        "in_execute": timer.total,
        "statements": timer.by_label(),
        "backend_cpu": None if cpu_before is None else cpu_after - cpu_before,
        "python_cpu": python_cpu,
        "steps": steps,
        "rss_growth_kb": (hwm_after - rss_before) if peak_reset else None,
        "maxrss_delta_kb": maxrss_after - maxrss_before,
    }


def rebuild_traced() -> dict:
    import gc

    from storefront.related.services import related_rebuild

    gc.collect()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        started = time.perf_counter()
        related_rebuild()
        wall = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    return {"wall": wall, "peak": peak}


def explain_rebuild() -> None:
    """Run the rebuild once more with every INSERT and DELETE replaced by EXPLAIN (ANALYZE,
    BUFFERS) of it (which executes it), in a transaction that is rolled back; print plans."""
    from django.db import connection, transaction

    from storefront.related.services import related_rebuild

    def explain(execute, sql_text, params, many, context):
        words = sql_text.lstrip().upper()
        if many or not words.startswith(("INSERT", "DELETE")):
            return execute(sql_text, params, many, context)
        result = execute("EXPLAIN (ANALYZE, BUFFERS) " + sql_text, params, many, context)
        plan = [row[0] for row in context["cursor"].fetchall()]
        print(f"\n--- {label(sql_text)}")
        print("\n".join(plan))
        return result

    with transaction.atomic():
        with connection.execute_wrapper(explain):
            related_rebuild()
        transaction.set_rollback(True)


def measure_size(name: str) -> dict:
    print(f"\n== Rebuild at {name} ==")
    plain = rebuild_plain()
    result = plain["result"]
    print(
        f"  rebuild: {plain['wall']:.2f} s wall ({result.orders} orders), "
        f"in cursor.execute {plain['in_execute']:.2f} s, "
        f"PostgreSQL backend CPU {fmt_seconds(plain['backend_cpu'])}, "
        f"Python CPU {plain['python_cpu']:.2f} s"
    )
    for step, seconds in plain["steps"]:
        print(f"    {step:<40} {seconds:8.2f} s")
    print("  slowest statements:")
    for text, n, seconds in plain["statements"][:6]:
        print(f"    {seconds:8.2f} s  ×{n:<4} {text}")
    traced = rebuild_traced()
    print(
        f"  again under tracemalloc: {traced['wall']:.2f} s wall, "
        f"Python peak {traced['peak'] / 1024:.0f} KiB above the start"
    )
    counts = stored()
    for key, value in counts.items():
        print(f"    {key:<28} {value:>10,}")
    return {"plain": plain, "traced": traced, "stored": counts}


def short(number: int) -> str:
    """1000000 → 1M, 100000 → 100k."""
    if number >= 1_000_000 and number % 1_000_000 == 0:
        return f"{number // 1_000_000}M"
    if number >= 1_000 and number % 1_000 == 0:
        return f"{number // 1_000}k"
    return f"{number:,}"


def fmt_seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


# --- the update after one order ----------------------------------------------------------


# The refresh task re-ranks the lists holding products that gained orders; a worker under
# load serves many orders with one run. The benchmark runs it after every REFRESH_EVERY orders.
REFRESH_EVERY = 10


def measure_incremental(order_ids: list[int]) -> dict:
    from storefront.orders.models import Order
    from storefront.related import counting
    from storefront.related.models import Source
    from storefront.related.services import related_count_order, related_refresh

    samples, affected, queries, refreshes = [], [], [], []
    statements: dict[str, list] = defaultdict(lambda: [0, 0.0])
    for order_id in order_ids:
        order = Order.objects.get(pk=order_id)
        product_ids = set(order.lines.exclude(product=None).values_list("product_id", flat=True))
        affected.append(
            len(counting.products_ranking(Source.CO_PURCHASE, product_ids) | product_ids)
        )
        with timed_statements() as timer:
            started = time.perf_counter()
            counted = related_count_order(order=order)
            samples.append((time.perf_counter() - started) * 1000)
        assert counted, order_id
        queries.append(len(timer.records))
        for text, n, seconds in timer.by_label():
            statements[text][0] += n
            statements[text][1] += seconds
        if len(samples) % REFRESH_EVERY == 0:
            started = time.perf_counter()
            lists = related_refresh()
            refreshes.append(((time.perf_counter() - started) * 1000, lists))
    started = time.perf_counter()
    lists = related_refresh()
    refreshes.append(((time.perf_counter() - started) * 1000, lists))
    return {
        "refreshes": refreshes,
        "samples": samples,
        "affected": affected,
        "queries": queries,
        "statements": sorted(
            ((text, n, seconds) for text, (n, seconds) in statements.items()), key=lambda r: -r[2]
        ),
    }


def compare_with_rebuild() -> tuple[int, int]:
    """After the updates, the stored co-purchase top-k against a fresh rebuild's:
    (rows differing, rows in all)."""
    from storefront.related.models import RelatedScore, Source
    from storefront.related.services import related_rebuild

    def snapshot() -> set:
        return set(
            RelatedScore.objects.filter(source=Source.CO_PURCHASE).values_list(
                "product_id", "rank", "other_id", "support"
            )
        )

    incremental = snapshot()
    related_rebuild()
    rebuilt = snapshot()
    return len(incremental ^ rebuilt), len(rebuilt)


# --- main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=100_000, help="order lines, first size")
    parser.add_argument("--large", type=int, default=1_000_000, help="order lines, second size")
    parser.add_argument("--incremental", type=int, default=200, help="orders timed one by one")
    parser.add_argument(
        "--seed", type=float, default=0.5, help="PostgreSQL setseed() for the data, in [-1, 1]"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the rebuild")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    assert args.products % THEME_SIZE == 0
    themes = args.products // THEME_SIZE
    small_orders = args.small // LINES_PER_ORDER
    large_orders = args.large // LINES_PER_ORDER

    total_started = time.perf_counter()
    url = recreate_database()
    setup_django(url)
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(
        f"Database {DB_NAME} on PostgreSQL {scalar('SHOW server_version')}, "
        f"migrated in {time.perf_counter() - started:.1f} s; "
        f"{os.cpu_count()} cores, work_mem {scalar('SHOW work_mem')}, "
        f"shared_buffers {scalar('SHOW shared_buffers')}"
    )

    started = time.perf_counter()
    scalar("SELECT setseed(%s)", [args.seed])  # random() below: the same data on every run
    built = build_shop(args.products)
    print(
        f"{args.products:,} products ({themes:,} themes of {THEME_SIZE}) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    generate = {"themes": themes, "products": args.products, "prototype": built["prototype_order"]}

    started = time.perf_counter()
    add_orders(first=1, count=small_orders, recent=False, **generate)
    analyze()
    print(
        f"{small_orders:,} orders, {small_orders * LINES_PER_ORDER:,} lines in "
        f"{time.perf_counter() - started:.1f} s (with VACUUM ANALYZE)"
    )
    small_shape = shape()
    print(
        "  "
        + ", ".join(
            f"{k} {v:,.3g}" if isinstance(v, float) else f"{k} {v:,}"
            for k, v in small_shape.items()
        )
    )
    small = measure_size(f"{small_shape['lines']:,} lines")

    started = time.perf_counter()
    add_orders(first=small_orders + 1, count=large_orders - small_orders, recent=False, **generate)
    analyze("storefront_orders_order", "storefront_orders_orderline")
    print(
        f"\nGrew to {large_orders:,} orders in {time.perf_counter() - started:.1f} s "
        "(with VACUUM ANALYZE)"
    )
    large_shape = shape()
    print(
        "  "
        + ", ".join(
            f"{k} {v:,.3g}" if isinstance(v, float) else f"{k} {v:,}"
            for k, v in large_shape.items()
        )
    )
    large = measure_size(f"{large_shape['lines']:,} lines")
    if args.explain:
        explain_rebuild()

    # The update after one order, on the large data; statistics as autovacuum would have them.
    analyze(
        "storefront_related_paircount",
        "storefront_related_productcount",
        "storefront_related_relatedscore",
        "storefront_related_countedorder",
    )
    order_ids = add_orders(first=large_orders + 1, count=args.incremental, recent=True, **generate)
    print(f"\n== Update after one order ({args.incremental} new {LINES_PER_ORDER}-line orders) ==")
    incremental = measure_incremental(order_ids)
    samples = incremental["samples"]
    median, p95 = statistics.median(samples), percentile(samples, 0.95)
    print(
        f"  related_count_order: median {median:.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(samples):.1f} ms, mean {statistics.fmean(samples):.1f} ms; "
        f"lists holding the order's products (re-ranked later by the refresh): median "
        f"{statistics.median(incremental['affected']):.0f}, "
        f"max {max(incremental['affected'])}; queries per order: "
        f"median {statistics.median(incremental['queries']):.0f}"
    )
    buckets = ((0, 50), (51, 500), (501, 10**9))
    for low, high in buckets:
        chosen = [
            ms for ms, n in zip(samples, incremental["affected"], strict=True) if low <= n <= high
        ]
        if chosen:
            span = f"{low}–{high}" if high < 10**9 else f"> {low - 1}"
            print(
                f"    orders re-ranking {span:>8} products: {len(chosen):>4}, "
                f"median {statistics.median(chosen):8.1f} ms, max {max(chosen):8.1f} ms"
            )
    refresh_ms = [ms for ms, _lists in incremental["refreshes"]]
    print(
        f"  related_refresh every {REFRESH_EVERY} orders: {len(refresh_ms)} runs, median "
        f"{statistics.median(refresh_ms):.0f} ms, max {max(refresh_ms):.0f} ms, lists re-ranked "
        f"per run: median {statistics.median(n for _ms, n in incremental['refreshes']):.0f}; "
        f"per order on average {sum(refresh_ms) / len(samples):.1f} ms"
    )
    print("  time by statement (all orders):")
    for text, n, seconds in incremental["statements"][:6]:
        print(f"    {seconds * 1000:8.0f} ms  ×{n:<5} {text}")
    differing, rows = compare_with_rebuild()
    print(f"  stored co-purchase top-k vs a fresh rebuild: {differing} of {rows:,} rows differ")

    # --- summary
    small_peak, large_peak = small["traced"]["peak"], large["traced"]["peak"]
    ratio = large_peak / small_peak if small_peak else float("inf")
    big, little = short(large_orders * LINES_PER_ORDER), short(small_orders * LINES_PER_ORDER)
    rows_out = [
        (
            f"rebuild, {big} lines, wall (commit incl.)",
            f"{large['plain']['wall']:.1f} s (again: {large['traced']['wall']:.1f} s)",
            f"< {TARGET_REBUILD_SECONDS:.0f} s",
            large["plain"]["wall"] < TARGET_REBUILD_SECONDS,
        ),
        (
            f"rebuild, {little} lines, wall",
            f"{small['plain']['wall']:.1f} s (again: {small['traced']['wall']:.1f} s)",
            "—",
            None,
        ),
        (
            "update after a 5-line order, median",
            f"{median:.1f} ms",
            f"< {TARGET_INCREMENTAL_MS:.0f} ms",
            median < TARGET_INCREMENTAL_MS,
        ),
        (
            "update after a 5-line order, p95",
            f"{p95:.1f} ms",
            f"< {TARGET_INCREMENTAL_MS:.0f} ms",
            p95 < TARGET_INCREMENTAL_MS,
        ),
        (
            f"Python peak (tracemalloc), {little} → {big}",
            f"{small_peak / 1024:.0f} → {large_peak / 1024:.0f} KiB (×{ratio:.2f})",
            f"≤ ×{TARGET_MEMORY_RATIO}",
            ratio <= TARGET_MEMORY_RATIO,
        ),
    ]
    for size, data in ((little, small), (big, large)):
        plain = data["plain"]
        growth = plain["rss_growth_kb"]
        rows_out.append(
            (
                f"peak RSS growth during rebuild, {size}",
                "n/a"
                if growth is None
                else f"{growth / 1024:.1f} MiB "
                f"(ru_maxrss Δ {plain['maxrss_delta_kb'] / 1024:.1f} MiB)",
                "—",
                None,
            )
        )
        rows_out.append(
            (
                f"PostgreSQL time, {size}: in execute / backend CPU",
                f"{plain['in_execute']:.1f} s / {fmt_seconds(plain['backend_cpu'])}",
                "—",
                None,
            )
        )
        rows_out.append(
            (
                f"stored at {size}: co-purchase scores / pairs",
                f"{data['stored']['scores (co-purchase)']:,} / {data['stored']['pairs']:,}",
                "—",
                None,
            )
        )
    print("\n== Summary ==")
    print(f"| {'figure':<48} | {'measured':<40} | {'target':<8} | result |")
    print(f"|{'-' * 50}|{'-' * 42}|{'-' * 10}|--------|")
    for name, value, target, ok in rows_out:
        verdict = "—" if ok is None else ("PASS" if ok else "FAIL")
        print(f"| {name:<48} | {value:<40} | {target:<8} | {verdict:<6} |")
    print(f"\nWhole run {time.perf_counter() - total_started:.0f} s.")

    connections.close_all()
    if not args.keep:
        drop_database()
    return 0 if all(ok for *_rest, ok in rows_out if ok is not None) else 1


if __name__ == "__main__":
    sys.exit(main())
