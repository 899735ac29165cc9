"""The figures of the insight reports, computed from rollups and indexed aggregates in the
database. Each function takes the report's filtered queryset (read from the reports
database) and returns the rows the page, the chart and the exports share."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.db import connections, models
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from storefront.core import conf
from storefront.core.money import money
from storefront.customizer.models import ChoiceDailyCount, PreferenceKind
from storefront.loyalty.models import EntryKind, LoyaltyAccount, loyalty_settings
from storefront.loyalty.rules import points_value
from storefront.orders.models import Order, OrderLine, OrderStatus
from storefront.orders.services import REPLACEMENT_PAYMENT
from storefront.related.models import Source, SuggestionClick
from storefront.returns.models import ReturnOutcome, ReturnRequest
from storefront.reviews.models import ProductReview

CHOICE_KINDS = (
    PreferenceKind.SELECTED,
    PreferenceKind.SAVED,
    PreferenceKind.CARTED,
    PreferenceKind.ORDERED,
)


class ChoiceType(models.TextChoices):
    COLOUR = "colour", _("Colour")
    PATTERN = "pattern", _("Pattern")


def reports_db() -> str:
    """The database alias reports read from: a replica when one is configured."""
    return conf.get("STOREFRONT_REPORTS_DATABASE")


def purchases(*, using: str) -> QuerySet:
    """Orders that are purchases: not cancelled, not the replacement order of an exchange."""
    return (
        Order.objects.using(using)
        .exclude(status=OrderStatus.CANCELLED)
        .exclude(payment_method=REPLACEMENT_PAYMENT)
    )


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal place; None (no rate: shown as
    "—", an empty cell in exports) when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- colour and design preferences -------------------------------------------------------


def _choices(counts: QuerySet, **figures) -> list[tuple[ChoiceType, list[dict]]]:
    """The swatches, then the patterns, in ``counts`` with their ``figures`` (aggregates):
    a dict per choice with its ``key``, ``name`` and ``colour`` (none for a pattern)."""
    found = []
    for choice_type, field, colour_field in (
        (ChoiceType.COLOUR, "swatch", "swatch__hex"),
        (ChoiceType.PATTERN, "pattern", None),
    ):
        fields = [f"{field}_id", f"{field}__name", *([colour_field] if colour_field else [])]
        grouped = (
            counts.filter(**{f"{field}__isnull": False})
            .values(*fields)
            .annotate(**figures)
            .order_by()
        )
        found.append(
            (
                choice_type,
                [
                    {
                        "key": f"{field}:{row[f'{field}_id']}",
                        "field": field,
                        "id": row[f"{field}_id"],
                        "choice_type": str(choice_type.label),
                        "name": row[f"{field}__name"],
                        "colour": row[colour_field] if colour_field else "",
                        **{name: row[name] or 0 for name in figures},
                    }
                    for row in grouped
                ],
            )
        )
    return found


def preference_rows(counts: QuerySet) -> list[dict]:
    """Swatches, then patterns, ranked by how often they were chosen in all (then by orders):
    the count of each kind of choice and each one's share of its kind."""
    sums = {kind: Sum("count", filter=Q(kind=kind)) for kind in CHOICE_KINDS}
    rows = []
    for _choice_type, found in _choices(counts.filter(kind__in=CHOICE_KINDS), **sums):
        for row in found:
            row["total"] = sum(row[kind] for kind in CHOICE_KINDS)
        found.sort(key=lambda row: (-row["total"], -row["ordered"], row["name"]))
        totals = {kind: sum(row[kind] for row in found) for kind in CHOICE_KINDS}
        for rank, row in enumerate(found, start=1):
            row["rank"] = rank
            for kind in CHOICE_KINDS:
                row[f"{kind}_share"] = share(row[kind], totals[kind])
        rows.extend(found)
    return rows


# --- preference trends -------------------------------------------------------------------


class Interval(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class Comparison(models.TextChoices):
    PREVIOUS = "previous", _("The period before")
    YEAR = "year", _("The same period a year before")
    NONE = "none", _("Nothing")


@dataclass(frozen=True)
class Period:
    start: date
    stop: date  # inclusive

    @property
    def days(self) -> int:
        return (self.stop - self.start).days + 1


# Without dates, a trend covers this many days up to today.
DEFAULT_DAYS = {Interval.DAY: 30, Interval.WEEK: 84, Interval.MONTH: 365}


def trend_period(*, start: date | None, stop: date | None, interval: str, today: date) -> Period:
    """The period asked for; a missing end is filled in with the interval's default length
    (up to today when neither is given)."""
    length = timedelta(days=DEFAULT_DAYS[Interval(interval)] - 1)
    if start is None and stop is None:
        stop = today
    if start is None:
        start = stop - length
    if stop is None:
        stop = start + length
    return Period(start, stop) if start <= stop else Period(stop, start)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def compared_period(period: Period, comparison: str) -> Period | None:
    """The period ``period`` is compared with: the one of the same length just before it,
    the same dates a year before, or none."""
    if comparison == Comparison.PREVIOUS:
        return Period(period.start - timedelta(days=period.days), period.start - timedelta(days=1))
    if comparison == Comparison.YEAR:
        return Period(_year_before(period.start), _year_before(period.stop))
    return None


def _within(period: Period) -> Q:
    return Q(day__gte=period.start, day__lte=period.stop)


def trend_rows(counts: QuerySet, *, period: Period, compared: Period | None) -> list[dict]:
    """Swatches, then patterns, most chosen in ``period`` first: their choices in ``period``
    and in ``compared``, each as a share of all choices of its kind (swatch or pattern) in
    its period, the change in share (percentage points) and in count (%)."""
    figures = {"current": Sum("count", filter=_within(period))}
    if compared is not None:
        figures["previous"] = Sum("count", filter=_within(compared))
        counts = counts.filter(_within(period) | _within(compared))
    else:
        counts = counts.filter(_within(period))
    rows = []
    for _choice_type, found in _choices(counts, **figures):
        totals = {name: sum(row[name] for row in found) for name in figures}
        found.sort(key=lambda row: (-row["current"], -row.get("previous", 0), row["name"]))
        for rank, row in enumerate(found, start=1):
            row["rank"] = rank
            row["current_share"] = share(row["current"], totals["current"])
            if compared is None:
                row.update(previous=None, previous_share=None, share_change=None, change=None)
                continue
            row["previous_share"] = share(row["previous"], totals["previous"])
            row["share_change"] = (
                row["current_share"] - row["previous_share"]
                if row["current_share"] is not None and row["previous_share"] is not None
                else None
            )
            row["change"] = share(row["current"] - row["previous"], row["previous"])
        rows.extend(found)
    return rows


def _bucket_start(day: date, interval: str) -> date:
    """The first day of the day, week (from Monday) or month holding ``day``."""
    if interval == Interval.WEEK:
        return day - timedelta(days=day.weekday())
    if interval == Interval.MONTH:
        return month_start(day)
    return day


def _buckets(period: Period, interval: str) -> list[date]:
    """The first day of each day, week or month that ``period`` touches."""
    # From a bucket's first day, this many days on fall in the next bucket.
    step = timedelta(days={Interval.DAY: 1, Interval.WEEK: 7, Interval.MONTH: 32}[interval])
    buckets = [_bucket_start(period.start, interval)]
    while True:
        following = _bucket_start(buckets[-1] + step, interval)
        if following > period.stop:
            return buckets
        buckets.append(following)


TRUNCATE = {
    Interval.DAY: F("day"),
    Interval.WEEK: TruncWeek("day"),
    Interval.MONTH: TruncMonth("day"),
}


def trend_series(
    counts: QuerySet, *, period: Period, interval: str, choices: list[dict]
) -> tuple[list[date], dict[str, list[int]]]:
    """Per day, week or month of ``period``: the choices of each of ``choices`` (rows of
    ``trend_rows``), zeros included; in one query."""
    buckets = _buckets(period, interval)
    position = {bucket: index for index, bucket in enumerate(buckets)}
    series = {row["key"]: [0] * len(buckets) for row in choices}
    swatches = [row["id"] for row in choices if row["field"] == "swatch"]
    patterns = [row["id"] for row in choices if row["field"] == "pattern"]
    grouped = (
        counts.filter(_within(period))
        .filter(Q(swatch_id__in=swatches) | Q(pattern_id__in=patterns))
        .annotate(bucket=TRUNCATE[Interval(interval)])
        .values("bucket", "swatch_id", "pattern_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in grouped:
        bucket = row["bucket"]
        index = position[bucket.date() if isinstance(bucket, datetime) else bucket]
        if row["swatch_id"] in swatches:
            series[f"swatch:{row['swatch_id']}"][index] += row["n"]
        if row["pattern_id"] in patterns:
            series[f"pattern:{row['pattern_id']}"][index] += row["n"]
    return buckets, series


# --- related products --------------------------------------------------------------------


# A click led to a purchase when the order it was tied to was not cancelled since.
PURCHASE_FOLLOWED = Q(order__isnull=False) & ~Q(order__status=OrderStatus.CANCELLED)


def related_source_rows(clicks: QuerySet) -> list[dict]:
    """Per suggestion source: clicks, the orders that followed them and the rate."""
    grouped = {
        row["source"]: row
        for row in clicks.values("source").annotate(
            clicks=Count("pk"), purchases=Count("pk", filter=PURCHASE_FOLLOWED)
        )
    }
    rows = []
    for source in Source:
        row = grouped.get(source.value, {"clicks": 0, "purchases": 0})
        rows.append(
            {
                "source": source.value,
                "label": str(source.label),
                "clicks": row["clicks"],
                "purchases": row["purchases"],
                "purchase_rate": share(row["purchases"], row["clicks"]),
            }
        )
    return rows


# --- loyalty -----------------------------------------------------------------------------

MONTH_KINDS = (
    EntryKind.EARN,
    EntryKind.BONUS,
    EntryKind.REDEEM,
    EntryKind.REVERSE,
    EntryKind.EXPIRE,
    EntryKind.ADJUST,
    EntryKind.FORFEIT,
)


def loyalty_month_rows(entries: QuerySet) -> list[dict]:
    """Points per month and kind of entry (earned and bonus points count when written,
    pending or not). Spent, expired and forfeited points are positive numbers here (points
    are forfeited when a customer deletes their account); reversals go both
    ways, so they are two columns: points given back to customers (those spent on an order
    cancelled or returned) and earned points taken back."""
    months: dict = defaultdict(lambda: defaultdict(int))
    for row in (
        entries.annotate(month=TruncMonth("created_at"))
        .values("month", "kind")
        .annotate(
            gained=Coalesce(Sum("points", filter=Q(points__gt=0)), 0),
            lost=Coalesce(Sum("points", filter=Q(points__lt=0)), 0),
        )
        .order_by()
    ):
        figures = months[row["month"].date()]
        figures[row["kind"]] += row["gained"] + row["lost"]
        if row["kind"] == EntryKind.REVERSE:
            figures["given_back"] += row["gained"]
            figures["taken_back"] -= row["lost"]
    rows = []
    for month in sorted(months, reverse=True):
        figures = months[month]
        rows.append(
            {
                "month": month,
                "earned": figures[EntryKind.EARN],
                "bonus": figures[EntryKind.BONUS],
                "redeemed": -figures[EntryKind.REDEEM],
                "given_back": figures["given_back"],
                "taken_back": figures["taken_back"],
                "expired": -figures[EntryKind.EXPIRE],
                "adjusted": figures[EntryKind.ADJUST],
                "forfeited": -figures[EntryKind.FORFEIT],
                "net": sum(figures[kind] for kind in MONTH_KINDS),
            }
        )
    return rows


@dataclass(frozen=True)
class LoyaltyStanding:
    members: int
    spendable: int
    pending: int
    liability: Decimal  # what the spendable points would take off orders
    tiers: list[tuple[str, int]]


def loyalty_standing(*, using: str) -> LoyaltyStanding:
    """Points outstanding now, their value in money and members per tier (closed accounts,
    whose customers deleted theirs, are not members and hold no points)."""
    accounts = LoyaltyAccount.objects.using(using).filter(user__isnull=False)
    totals = accounts.aggregate(
        members=Count("pk"), spendable=Sum("balance"), pending=Sum("pending")
    )
    program = loyalty_settings()
    spendable = totals["spendable"] or 0
    tiers = [
        (row["tier_name"] or "—", row["members"])
        for row in accounts.values("tier_name")
        .annotate(members=Count("pk"))
        .order_by("-members", "tier_name")
    ]
    return LoyaltyStanding(
        members=totals["members"],
        spendable=spendable,
        pending=totals["pending"] or 0,
        liability=money(points_value(program, spendable)),
        tiers=tiers,
    )


# --- reviews -----------------------------------------------------------------------------


def review_rows(reviews: QuerySet, *, min_reviews: int = 1) -> list[dict]:
    """Per product with at least ``min_reviews`` published reviews, lowest average first:
    the distribution of stars, the share of verified reviews, and how often and how fast
    the shop replied."""
    stars = {f"stars_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)}
    grouped = (
        reviews.filter(**PUBLISHED_REVIEW)
        .values("product_id", "product__title")
        .annotate(
            reviews=Count("pk"),
            rating_total=Sum("rating"),
            verified_reviews=Count("pk", filter=Q(verified=True)),
            replied=Count("shop_reply"),
            reply_delay=Avg(
                ExpressionWrapper(
                    F("shop_reply__submit_date") - F("submit_date"),
                    output_field=DurationField(),
                )
            ),
            **stars,
        )
        .filter(reviews__gte=min_reviews)
        .order_by()
    )
    rows = []
    for row in grouped:
        delay = row["reply_delay"]
        rows.append(
            {
                "product": row["product__title"],
                "reviews": row["reviews"],
                "average": (Decimal(row["rating_total"]) / row["reviews"]).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                ),
                **{key: row[key] for key in stars},
                "verified": row["verified_reviews"],
                "verified_share": share(row["verified_reviews"], row["reviews"]),
                "replied": row["replied"],
                "reply_rate": share(row["replied"], row["reviews"]),
                "reply_hours": (
                    (Decimal(delay.total_seconds()) / 3600).quantize(Decimal("0.1"))
                    if delay is not None
                    else None
                ),
            }
        )
    rows.sort(key=lambda row: (row["average"], -row["reviews"], row["product"]))
    return rows


PUBLISHED_REVIEW = {"is_public": True, "is_removed": False, "is_shop_reply": False}


# --- returns -----------------------------------------------------------------------------


def sold_lines(*, using: str, start=None, stop=None) -> QuerySet:
    """Order lines of purchases placed between the moments ``start`` and ``stop``."""
    sold = OrderLine.objects.using(using).filter(order__in=purchases(using=using))
    if start:
        sold = sold.filter(order__placed_at__gte=start)
    if stop:
        sold = sold.filter(order__placed_at__lte=stop)
    return sold


def return_rows(lines: QuerySet, sold: QuerySet) -> list[dict]:
    """Per product: units sold (``sold``: order lines), units returned (``lines``: return
    lines of requests not rejected), the return rate and the reasons, most given first."""
    returned = lines.not_rejected()
    # By product, not by title: a product renamed between orders is still one product.
    per_product = {
        row["order_line__product_id"]: row
        for row in returned.values("order_line__product_id")
        .annotate(
            units=Sum("quantity"),
            # the product's name today; the order line's for a product since deleted
            title=Coalesce(Max("order_line__product__title"), Max("order_line__title")),
        )
        .order_by()
    }
    reasons: dict = defaultdict(list)
    for row in (
        returned.values("order_line__product_id", "reason__label")
        .annotate(units=Sum("quantity"))
        .order_by("order_line__product_id", "-units", "reason__label")
    ):
        reasons[row["order_line__product_id"]].append(f"{row['reason__label']} ({row['units']})")
    units_sold = {
        row["product_id"]: row["units"]
        for row in sold.filter(product_id__in=list(per_product))
        .values("product_id")
        .annotate(units=Sum("quantity"))
        .order_by()
    }
    rows = [
        {
            "product": row["title"],
            "sold": units_sold.get(product_id, 0),
            "returned": row["units"],
            "return_rate": share(row["units"], units_sold.get(product_id, 0)),
            "reasons": ", ".join(reasons[product_id]),
        }
        for product_id, row in per_product.items()
    ]
    rows.sort(key=lambda row: (-(row["return_rate"] or 0), -row["returned"], row["product"]))
    return rows


def return_reason_totals(lines: QuerySet) -> list[tuple[str, int]]:
    """Units returned per reason over all products, most first."""
    return [
        (row["reason__label"], row["units"])
        for row in lines.not_rejected()
        .values("reason__label")
        .annotate(units=Sum("quantity"))
        .order_by("-units", "reason__label")
    ]


@dataclass(frozen=True)
class ReturnTotals:
    requests: int
    refunded: Decimal  # paid back to the original payment method
    store_credit: Decimal  # refunds paid as points: their value in money
    store_credit_points: int


def return_totals(lines: QuerySet) -> ReturnTotals:
    """The return requests (not rejected) holding any of ``lines``, with what they paid back:
    whole requests, shipping refunds included (a refund is not split between lines)."""
    requests = ReturnRequest.objects.using(lines.db).filter(
        pk__in=lines.not_rejected().values("request_id")
    )
    as_credit = Q(outcome=ReturnOutcome.STORE_CREDIT)
    totals = requests.aggregate(
        requests=Count("pk"),
        refunded=Sum("refund_amount", filter=~as_credit),
        credit=Sum("refund_amount", filter=as_credit),
        points=Sum("store_credit_points"),
    )
    return ReturnTotals(
        requests=totals["requests"],
        refunded=money(totals["refunded"] or 0),
        store_credit=money(totals["credit"] or 0),
        store_credit_points=totals["points"] or 0,
    )


# --- design funnel -----------------------------------------------------------------------

FUNNEL = (
    PreferenceKind.VIEWED,
    PreferenceKind.SELECTED,
    PreferenceKind.SAVED,
    PreferenceKind.CARTED,
    PreferenceKind.ORDERED,
)


def funnel_rows(counts: QuerySet) -> list[dict]:
    """Per customizable product, the events of each step of the funnel and each step as a
    percentage of the step before (more than 100 % where shoppers act several times a view,
    e.g. a selection per zone), most viewed first."""
    grouped = (
        counts.values("product_id", "product__title")
        .annotate(**{kind: Sum("count", filter=Q(kind=kind)) for kind in FUNNEL})
        .order_by()
    )
    rows = []
    for row in grouped:
        figures = {kind: row[kind] or 0 for kind in FUNNEL}
        rates = {
            f"{kind}_rate": share(figures[kind], figures[previous])
            for previous, kind in pairwise(FUNNEL)
        }
        rows.append(
            {
                "product": row["product__title"],
                **figures,
                **rates,
                "order_rate": share(figures["ordered"], figures["viewed"]),
            }
        )
    rows.sort(key=lambda row: (-row[PreferenceKind.VIEWED], row["product"]))
    return rows


# --- customers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    name: str
    rule: str


# Scores from 1 to 3: recency by days since the last order, frequency by orders placed.
RECENT_DAYS = (30, 90)  # within 30 days: 3; within 90: 2; longer ago: 1
FREQUENT_ORDERS = (5, 2)  # 5 orders or more: 3; 2 or more: 2; one: 1
SEGMENTS = (
    Segment(_("Champions"), _("ordered within 30 days, 5 orders or more")),
    Segment(_("Loyal"), _("ordered within 90 days, 2 orders or more")),
    Segment(_("New"), _("first and only order within 30 days")),
    Segment(_("At risk"), _("2 orders or more, none in the last 90 days")),
    Segment(_("Lost"), _("one order, more than 90 days ago")),
    Segment(_("Needs attention"), _("everyone else: one order 30 to 90 days ago")),
)


def _score(value: float, thresholds: tuple[int, int], *, lower_is_better: bool) -> int:
    high, middle = thresholds
    if lower_is_better:
        return 3 if value <= high else 2 if value <= middle else 1
    return 3 if value >= high else 2 if value >= middle else 1


def segment_index(*, days_since: int, orders: int) -> int:
    """The position in ``SEGMENTS`` of a customer's segment (a number: segments hold lazy
    translations, which are slow to compare tens of thousands of times)."""
    recency = _score(days_since, RECENT_DAYS, lower_is_better=True)
    frequency = _score(orders, FREQUENT_ORDERS, lower_is_better=False)
    if recency == 3 and frequency == 3:
        return 0
    if recency >= 2 and frequency >= 2:
        return 1
    if recency == 3 and frequency == 1:
        return 2
    if recency == 1 and frequency >= 2:
        return 3
    if recency == 1:
        return 4
    return 5


class CustomerRows(Sequence):
    """One row per customer (an e-mail address: accounts and guests alike), most spent
    first: orders, money spent, average order, first and last order day, RFM segment. Read
    from the database a slice at a time: the page shows one page of tens of thousands of
    customers; an export reads them all, in chunks."""

    def __init__(self, purchases: QuerySet, *, now, count: int | None = None):
        self.grouped = (
            purchases.values("email")
            .annotate(
                orders=Count("pk"),
                spent=Sum("total"),
                first_order=Min(TruncDate("placed_at")),
                last_order=Max(TruncDate("placed_at")),
                name=Max("full_name"),
                account=Max("user__username"),
                tier=Max("user__loyalty_account__tier_name"),
            )
            .order_by("-spent", "email")
        )
        self.today = timezone.localdate(now)
        self.segment_names = [str(segment.name) for segment in SEGMENTS]
        self.quantum = conf.currency_quantum()
        self.count_known = count  # how many customers, when the caller counted them already

    @cached_property
    def _count(self) -> int:
        return self.count_known if self.count_known is not None else self.grouped.count()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(row) for row in self.grouped[index]]
        return self._row(self.grouped[index])

    def __iter__(self):
        for row in self.grouped.iterator(chunk_size=2000):
            yield self._row(row)

    def _row(self, row: dict) -> dict:
        days_since = (self.today - row["last_order"]).days
        spent = money(row["spent"])
        segment = segment_index(days_since=days_since, orders=row["orders"])
        return {
            "email": row["email"],
            "name": row["name"],
            "account": row["account"] or "",
            "tier": row["tier"] or "",
            "orders": row["orders"],
            "spent": spent,
            "average_order": (spent / row["orders"]).quantize(self.quantum, ROUND_HALF_UP),
            "first_order": row["first_order"],
            "last_order": row["last_order"],
            "days_since": days_since,
            "segment": self.segment_names[segment],
        }


@dataclass(frozen=True)
class CustomerTotals:
    customers: int
    repeat_rate: Decimal | None  # % of customers with two orders or more
    average_order: Decimal
    lifetime_value: Decimal  # money spent per customer so far
    segments: list[tuple[str, int]]


def customer_totals(purchases: QuerySet, *, now) -> CustomerTotals:
    """The figures over all customers of ``purchases``, in two queries: the money in one
    aggregate, the segments from each customer's number of orders and last order day."""
    money_totals = purchases.aggregate(orders=Count("pk"), spent=Sum("total"))
    today = timezone.localdate(now)
    counts = [0] * len(SEGMENTS)
    customers = repeat = 0
    for orders, last_order in (
        purchases.values("email")
        .annotate(orders=Count("pk"), last_order=Max(TruncDate("placed_at")))
        .values_list("orders", "last_order")
        .order_by()
        .iterator(chunk_size=5000)
    ):
        customers += 1
        repeat += orders > 1
        counts[segment_index(days_since=(today - last_order).days, orders=orders)] += 1
    orders, spent = money_totals["orders"], money_totals["spent"] or Decimal(0)
    return CustomerTotals(
        customers=customers,
        repeat_rate=share(repeat, customers),
        average_order=money(spent / orders) if orders else Decimal(0),
        lifetime_value=money(spent / customers) if customers else Decimal(0),
        segments=[
            (str(segment.name), count) for segment, count in zip(SEGMENTS, counts, strict=True)
        ],
    )


# --- retention by monthly cohort ---------------------------------------------------------

RETENTION_MONTHS = 12


def _month(value) -> date:
    """The first day of a month as the database returns it from a raw query (a datetime, or
    text on SQLite)."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return month_start(value)


def month_start(day: date, *, months_later: int = 0) -> date:
    """The first day of ``day``'s month, or of the month ``months_later`` months on."""
    year, month = divmod(day.year * 12 + day.month - 1 + months_later, 12)
    return date(year, month + 1, 1)


def _months_between(first: date, later: date) -> int:
    return (later.year - first.year) * 12 + later.month - first.month


def cohort_rows(purchases: QuerySet, *, start: date, stop: date, today: date) -> list[dict]:
    """Customers (e-mail addresses) by the month of their first purchase, for first months
    from ``start`` to ``stop``: how many, and the share of them who bought again in each of
    the twelve months after (None for a month still to come), newest cohort first.
    Counted in one grouped query over the purchases, whatever their number."""
    activity = (
        purchases.annotate(
            month=TruncMonth("placed_at"),
            cohort=Window(Min(TruncMonth("placed_at")), partition_by=[F("email")]),
        )
        .values("email", "month", "cohort")
        .order_by()
    )
    # Django cannot group by a window's result; the compiled query (its values passed
    # apart, as parameters) is grouped around it.
    sql, params = activity.query.sql_with_params()
    with connections[purchases.db].cursor() as cursor:
        cursor.execute(
            "SELECT cohort, month, COUNT(DISTINCT email) "  # noqa: S608
            f"FROM ({sql}) AS activity GROUP BY cohort, month",
            params,
        )
        grouped = cursor.fetchall()
    first, last, now = month_start(start), month_start(stop), month_start(today)
    cohorts: dict[date, dict[int, int]] = defaultdict(dict)
    for cohort, month, customers in grouped:
        cohort = _month(cohort)
        if first <= cohort <= last:
            cohorts[cohort][_months_between(cohort, _month(month))] = customers
    rows = []
    for cohort in sorted(cohorts, reverse=True):
        counts = cohorts[cohort]
        reached = _months_between(cohort, now)
        rows.append(
            {
                "cohort": cohort,
                "customers": counts[0],
                **{
                    f"month_{n}": share(counts.get(n, 0), counts[0]) if n <= reached else None
                    for n in range(1, RETENTION_MONTHS + 1)
                },
                **{
                    f"returning_{n}": counts.get(n, 0) if n <= reached else None
                    for n in range(1, RETENTION_MONTHS + 1)
                },
            }
        )
    return rows


def retention_curve(rows: list[dict]) -> list[tuple[int, Decimal | None]]:
    """Per month after the first purchase: the share of customers who bought again, over
    the cohorts that have reached that month (each weighted by its customers)."""
    curve = []
    for n in range(1, RETENTION_MONTHS + 1):
        reached = [row for row in rows if row[f"returning_{n}"] is not None]
        curve.append(
            (
                n,
                share(
                    sum(row[f"returning_{n}"] for row in reached),
                    sum(row["customers"] for row in reached),
                ),
            )
        )
    return curve


# --- the dashboard panel -----------------------------------------------------------------


@dataclass(frozen=True)
class Headlines:
    since: object  # the first day counted
    orders: int
    revenue: Decimal
    customers: int
    returning_customers: int
    reviews: int
    average_rating: Decimal | None
    return_requests: int
    top_colour: str
    clicks: int
    click_purchases: int
    liability: Decimal


def headlines(*, now, days: int = 30) -> Headlines:
    """The few figures of the admin's home page over the last ``days`` days, in eight
    queries."""
    db = reports_db()
    since = now - timedelta(days=days)
    recent = purchases(using=db).filter(placed_at__gte=since)
    orders = recent.aggregate(orders=Count("pk"), revenue=Sum("total"))
    emails = recent.values("email").distinct()
    returning = (
        purchases(using=db)
        .filter(placed_at__lt=since, email__in=emails)
        .values("email")
        .distinct()
        .count()
    )
    reviews = (
        ProductReview.norel_objects.using(db)
        .filter(submit_date__gte=since, **PUBLISHED_REVIEW)
        .aggregate(reviews=Count("pk"), rating_total=Sum("rating"))
    )
    colour = (
        ChoiceDailyCount.objects.using(db)
        .filter(day__gte=since.date(), kind__in=CHOICE_KINDS, swatch__isnull=False)
        .values("swatch__name")
        .annotate(total=Sum("count"))
        .order_by("-total", "swatch__name")
        .first()
    )
    clicks = (
        SuggestionClick.objects.using(db)
        .filter(created_at__gte=since)
        .aggregate(clicks=Count("pk"), purchases=Count("pk", filter=PURCHASE_FOLLOWED))
    )
    return Headlines(
        since=since.date(),
        orders=orders["orders"],
        revenue=orders["revenue"] or Decimal(0),
        customers=emails.count(),
        returning_customers=returning,
        reviews=reviews["reviews"],
        average_rating=(
            (Decimal(reviews["rating_total"]) / reviews["reviews"]).quantize(Decimal("0.01"))
            if reviews["reviews"]
            else None
        ),
        return_requests=ReturnRequest.objects.using(db).filter(created_at__gte=since).count(),
        top_colour=colour["swatch__name"] if colour else "",
        clicks=clicks["clicks"],
        click_purchases=clicks["purchases"],
        liability=loyalty_standing(using=db).liability,
    )
