"""The SQL that counts baskets and ranks partners. The database does the counting (one
aggregate query per table), so a rebuild holds no orders in Python and its memory does not
grow with the data. The same ranking statement serves the full rebuild and the update after
one order, which is why the two give identical tables."""

from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from itertools import combinations, islice

from django.db import connection

from storefront.core import conf
from storefront.customizer.models import PreferenceEvent, PreferenceKind
from storefront.orders.models import Order, OrderLine
from storefront.orders.services import REPLACEMENT_PAYMENT
from storefront.related.models import (
    CountedOrder,
    PairCount,
    ProductCount,
    RelatedScore,
    Source,
    StaleProduct,
)

# Customizing is choosing: a product only looked at does not tie two products together.
CUSTOMIZING_KINDS = (
    PreferenceKind.SELECTED,
    PreferenceKind.SAVED,
    PreferenceKind.CARTED,
    PreferenceKind.ORDERED,
)
CHUNK = 500  # ids per IN list: far below SQLite's limit on parameters


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    iterator = iter(sorted(ids))
    while chunk := list(islice(iterator, size)):
        yield chunk


def _placeholders(values: Collection) -> str:
    return ", ".join(["%s"] * len(values))


def _as_sql(moment: datetime):
    """A datetime as the database stores it (SQLite keeps naive UTC text; a bare aware
    datetime would be compared as text with its offset)."""
    return connection.ops.adapt_datetimefield_value(moment)


def clear() -> None:
    """Empty the counts, the scores and the counted orders."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with deferred foreign-key checks still pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in (PairCount, ProductCount, RelatedScore, CountedOrder, StaleProduct):
            if connection.vendor == "postgresql" and model is not RelatedScore:
                # Pages keep reading the old scores until the rebuild commits.
                cursor.execute(f"TRUNCATE {_table(model)}")
            else:
                cursor.execute(f"DELETE FROM {_table(model)}")  # noqa: S608


def mark_orders_counted(*, before: datetime | None = None) -> int:
    """Record every purchase (placed before ``before``) as counted; return how many. The
    replacement orders of exchanges are not purchases: they are left out."""
    where, params = "WHERE payment_method <> %s", [REPLACEMENT_PAYMENT]
    if before is not None:
        where += " AND placed_at < %s"
        params.append(_as_sql(before))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(CountedOrder)} (order_id) "  # noqa: S608
            f"SELECT id FROM {_table(Order)} {where}",
            params,
        )
        return cursor.rowcount


def _baskets(source: str, *, before: datetime | None) -> tuple[str, list]:
    """SQL for the distinct (basket, product_id) rows of a source."""
    if source == Source.CO_PURCHASE:
        # Only orders marked counted: orders placed while a rebuild runs are counted once,
        # by the update their own placement triggers.
        return (
            f"SELECT DISTINCT l.order_id AS basket, l.product_id AS product_id "  # noqa: S608
            f"FROM {_table(OrderLine)} l JOIN {_table(CountedOrder)} c "
            f"ON c.order_id = l.order_id WHERE l.product_id IS NOT NULL",
            [],
        )
    kinds = [str(kind) for kind in CUSTOMIZING_KINDS]
    sql = (
        "SELECT DISTINCT CASE WHEN user_id IS NOT NULL "  # noqa: S608
        "THEN 'u' || CAST(user_id AS VARCHAR(20)) ELSE 'v' || visitor_id END AS basket, "
        f"product_id FROM {_table(PreferenceEvent)} "
        f"WHERE kind IN ({_placeholders(kinds)}) AND (user_id IS NOT NULL OR visitor_id <> '')"
    )
    params: list = list(kinds)
    if before is not None:
        sql += " AND created_at < %s"
        params.append(_as_sql(before))
    return sql, params


def count_baskets(source: str, *, before: datetime | None = None) -> int:
    """Fill the product and pair counts of ``source`` from scratch; return the baskets."""
    baskets, params = _baskets(source, before=before)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(ProductCount)} (source, product_id, baskets) "  # noqa: S608
            f"SELECT %s, product_id, COUNT(*) FROM ({baskets}) b GROUP BY product_id",
            [source, *params],
        )
        cursor.execute(
            f"INSERT INTO {_table(PairCount)} (source, product_id, other_id, baskets) "  # noqa: S608
            f"SELECT %s, a.product_id, b.product_id, COUNT(*) FROM ({baskets}) a "
            f"JOIN ({baskets}) b ON a.basket = b.basket AND a.product_id < b.product_id "
            "GROUP BY a.product_id, b.product_id",
            [source, *params, *params],
        )
        cursor.execute(f"SELECT COUNT(DISTINCT basket) FROM ({baskets}) b", params)  # noqa: S608
        return cursor.fetchone()[0]


def add_basket(source: str, product_ids: Collection[int]) -> None:
    """Count one more basket holding ``product_ids`` (distinct ids)."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    products, pairs = _table(ProductCount), _table(PairCount)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {products} (source, product_id, baskets) VALUES "  # noqa: S608
            + ", ".join(["(%s, %s, 1)"] * len(ids))
            + f" ON CONFLICT (source, product_id) DO UPDATE SET baskets = {products}.baskets + 1",
            [value for product_id in ids for value in (source, product_id)],
        )
        couples = list(combinations(ids, 2))
        if couples:
            cursor.execute(
                f"INSERT INTO {pairs} (source, product_id, other_id, baskets) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s, %s, 1)"] * len(couples))
                + f" ON CONFLICT (source, product_id, other_id) "
                f"DO UPDATE SET baskets = {pairs}.baskets + 1",
                [value for a, b in couples for value in (source, a, b)],
            )


def mark_stale(product_ids: Collection[int]) -> None:
    ids = sorted(set(product_ids))
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_table(StaleProduct)} (product_id) VALUES "  # noqa: S608
                + ", ".join(["(%s)"] * len(ids))
                + " ON CONFLICT (product_id) DO NOTHING",
                ids,
            )


def products_ranking(source: str, product_ids: Collection[int]) -> set[int]:
    """The products whose stored top-k holds one of ``product_ids``."""
    found: set[int] = set()
    for chunk in _chunks(product_ids):
        found.update(
            RelatedScore.objects.filter(source=source, other_id__in=chunk).values_list(
                "product_id", flat=True
            )
        )
    return found


def rank(source: str, product_ids: Collection[int] | None = None) -> None:
    """Replace the stored top-k of ``product_ids`` (of every product when None) with the
    partners ranked by cosine similarity; ties go to the lower product id."""
    if product_ids is None:
        _rank(source, None)
        return
    for chunk in _chunks(product_ids):
        _rank(source, chunk)


def _rank(source: str, chunk: list[int] | None) -> None:
    pairs, products, scores = _table(PairCount), _table(ProductCount), _table(RelatedScore)
    support = int(conf.get("STOREFRONT_RELATED_MIN_SUPPORT"))
    top_k = int(conf.get("STOREFRONT_RELATED_TOP_K"))
    left = right = ""
    chunk_params: list = []
    if chunk is not None:
        left = f" AND product_id IN ({_placeholders(chunk)})"
        right = f" AND other_id IN ({_placeholders(chunk)})"
        chunk_params = list(chunk)
    score = "p.baskets / SQRT(CAST(p.count_a AS FLOAT) * p.count_b)"
    candidates = (
        f"SELECT product_id, other_id, baskets FROM {pairs} "  # noqa: S608
        f"WHERE source = %s AND baskets >= %s{left} "
        f"UNION ALL SELECT other_id, product_id, baskets FROM {pairs} "
        f"WHERE source = %s AND baskets >= %s{right}"
    )
    # The product's own count comes from the chunk's few rows, the partners' by a join the
    # planner may hash over the whole count table.
    own_counts = f"SELECT product_id, baskets FROM {products} WHERE source = %s{left}"  # noqa: S608
    with_counts = (
        f"SELECT q.product_id, q.other_id, q.baskets, a.baskets AS count_a, "  # noqa: S608
        f"b.baskets AS count_b FROM ({candidates}) q "
        f"JOIN ({own_counts}) a ON a.product_id = q.product_id "
        f"JOIN {products} b ON b.source = %s AND b.product_id = q.other_id"
    )
    count_params = [
        *[source, support, *chunk_params, source, support, *chunk_params],
        *[source, *chunk_params],
        source,
    ]
    with connection.cursor() as cursor:
        if chunk is None:
            cursor.execute(f"DELETE FROM {scores} WHERE source = %s", [source])  # noqa: S608
        else:
            cursor.execute(
                f"DELETE FROM {scores} WHERE source = %s{left}",  # noqa: S608
                [source, *chunk_params],
            )
        cursor.execute(
            f"INSERT INTO {scores} (source, product_id, other_id, rank, score, support) "  # noqa: S608
            "SELECT %s, product_id, other_id, position, score, support FROM ("
            f"SELECT p.product_id, p.other_id, p.baskets AS support, {score} AS score, "
            f"ROW_NUMBER() OVER (PARTITION BY p.product_id ORDER BY {score} DESC, p.other_id) "
            f"AS position FROM ({with_counts}) p"
            ") ranked WHERE position <= %s",
            [source, *count_params, top_k],
        )
