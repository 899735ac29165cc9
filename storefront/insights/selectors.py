"""The figures of the insight reports, computed from rollups and indexed aggregates in the
database. Each function takes the report's filtered queryset (read from the reports
database) and returns the rows the page, the chart and the exports share."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.db import models
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
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _

from storefront.core import conf
from storefront.core.money import money
from storefront.customizer.models import PreferenceDailyCount, PreferenceKind
from storefront.loyalty.models import EntryKind, LoyaltyAccount, loyalty_settings
from storefront.loyalty.rules import points_value
from storefront.orders.models import Order, OrderLine, OrderStatus
from storefront.orders.services import REPLACEMENT_PAYMENT
from storefront.related.models import Source, SuggestionClick
from storefront.returns.models import ReturnRequest
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


def share(part: int, whole: int) -> Decimal:
    """``part`` as a percentage of ``whole``, to one decimal place (0 when ``whole`` is 0)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- colour and design preferences -------------------------------------------------------


def preference_rows(counts: QuerySet) -> list[dict]:
    """Swatches, then patterns, ranked by how often they were chosen in all (then by orders):
    the count of each kind of choice and each one's share of its kind."""
    sums = {kind: Sum("count", filter=Q(kind=kind)) for kind in CHOICE_KINDS}
    choices = counts.filter(kind__in=CHOICE_KINDS)
    groups = [
        (
            ChoiceType.COLOUR,
            choices.filter(swatch__isnull=False)
            .values("swatch_id", "swatch__name", "swatch__hex")
            .annotate(**sums),
            "swatch__name",
            "swatch__hex",
        ),
        (
            ChoiceType.PATTERN,
            choices.filter(pattern__isnull=False)
            .values("pattern_id", "pattern__name")
            .annotate(**sums),
            "pattern__name",
            None,
        ),
    ]
    rows = []
    for choice_type, grouped, name_field, colour_field in groups:
        found = [
            {
                "choice_type": str(choice_type.label),
                "name": row[name_field],
                "colour": row[colour_field] if colour_field else "",
                **{kind: row[kind] or 0 for kind in CHOICE_KINDS},
            }
            for row in grouped
        ]
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
)


def loyalty_month_rows(entries: QuerySet) -> list[dict]:
    """Points per month and kind of entry (earned and bonus points count when written,
    pending or not; spent, reversed and expired points are positive numbers here)."""
    months: dict = defaultdict(lambda: dict.fromkeys(MONTH_KINDS, 0))
    for row in (
        entries.annotate(month=TruncMonth("created_at"))
        .values("month", "kind")
        .annotate(points=Sum("points"))
        .order_by()
    ):
        months[row["month"].date()][row["kind"]] += row["points"]
    rows = []
    for month in sorted(months, reverse=True):
        figures = months[month]
        rows.append(
            {
                "month": month,
                "earned": figures[EntryKind.EARN],
                "bonus": figures[EntryKind.BONUS],
                "redeemed": -figures[EntryKind.REDEEM],
                "reversed": -figures[EntryKind.REVERSE],
                "expired": -figures[EntryKind.EXPIRE],
                "adjusted": figures[EntryKind.ADJUST],
                "net": sum(figures.values()),
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
    """Points outstanding now, their value in money and members per tier."""
    accounts = LoyaltyAccount.objects.using(using)
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
    """Order lines of purchases placed between the dates ``start`` and ``stop`` (inclusive)."""
    sold = OrderLine.objects.using(using).filter(order__in=purchases(using=using))
    if start:
        sold = sold.filter(order__placed_at__date__gte=start)
    if stop:
        sold = sold.filter(order__placed_at__date__lte=stop)
    return sold


def return_rows(lines: QuerySet, sold: QuerySet) -> list[dict]:
    """Per product: units sold (``sold``: order lines), units returned (``lines``: return
    lines of requests not rejected), the return rate and the reasons, most given first."""
    returned = lines.exclude(request__status="rejected")
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
    rows.sort(key=lambda row: (-row["return_rate"], -row["returned"], row["product"]))
    return rows


def return_reason_totals(lines: QuerySet) -> list[tuple[str, int]]:
    """Units returned per reason over all products, most first."""
    return [
        (row["reason__label"], row["units"])
        for row in lines.exclude(request__status="rejected")
        .values("reason__label")
        .annotate(units=Sum("quantity"))
        .order_by("-units", "reason__label")
    ]


@dataclass(frozen=True)
class ReturnTotals:
    requests: int
    refunded: Decimal
    store_credit_points: int


def return_totals(lines: QuerySet) -> ReturnTotals:
    """The return requests (not rejected) holding any of ``lines``, with what they paid back."""
    requests = ReturnRequest.objects.using(lines.db).filter(
        pk__in=lines.exclude(request__status="rejected").values("request_id")
    )
    totals = requests.aggregate(
        requests=Count("pk"), refunded=Sum("refund_amount"), credit=Sum("store_credit_points")
    )
    return ReturnTotals(
        requests=totals["requests"],
        refunded=totals["refunded"] or Decimal(0),
        store_credit_points=totals["credit"] or 0,
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


def segment_of(*, days_since: int, orders: int) -> Segment:
    recency = _score(days_since, RECENT_DAYS, lower_is_better=True)
    frequency = _score(orders, FREQUENT_ORDERS, lower_is_better=False)
    if recency == 3 and frequency == 3:
        return SEGMENTS[0]
    if recency >= 2 and frequency >= 2:
        return SEGMENTS[1]
    if recency == 3 and frequency == 1:
        return SEGMENTS[2]
    if recency == 1 and frequency >= 2:
        return SEGMENTS[3]
    if recency == 1:
        return SEGMENTS[4]
    return SEGMENTS[5]


def customer_rows(purchases: QuerySet, *, now) -> list[dict]:
    """One row per customer (an e-mail address: accounts and guests alike), most spent
    first: orders, money spent, average order, first and last order, RFM segment."""
    grouped = (
        purchases.values("email")
        .annotate(
            orders=Count("pk"),
            spent=Sum("total"),
            first_order=Min("placed_at"),
            last_order=Max("placed_at"),
            name=Max("full_name"),
            account=Max("user__username"),
            tier=Max("user__loyalty_account__tier_name"),
        )
        .order_by()
    )
    rows = []
    for row in grouped:
        days_since = (now - row["last_order"]).days
        rows.append(
            {
                "email": row["email"],
                "name": row["name"],
                "account": row["account"] or "",
                "tier": row["tier"] or "",
                "orders": row["orders"],
                "spent": money(row["spent"]),
                "average_order": money(row["spent"] / row["orders"]),
                "first_order": row["first_order"].date(),
                "last_order": row["last_order"].date(),
                "days_since": days_since,
                "segment": str(segment_of(days_since=days_since, orders=row["orders"]).name),
            }
        )
    rows.sort(key=lambda row: (-row["spent"], row["email"]))
    return rows


@dataclass(frozen=True)
class CustomerTotals:
    customers: int
    repeat_rate: Decimal  # % of customers with two orders or more
    average_order: Decimal
    lifetime_value: Decimal  # money spent per customer so far
    segments: list[tuple[str, int]]


def customer_totals(rows: list[dict]) -> CustomerTotals:
    orders = sum(row["orders"] for row in rows)
    spent = sum((row["spent"] for row in rows), Decimal(0))
    counts = {str(segment.name): 0 for segment in SEGMENTS}
    for row in rows:
        counts[row["segment"]] += 1
    return CustomerTotals(
        customers=len(rows),
        repeat_rate=share(sum(row["orders"] > 1 for row in rows), len(rows)),
        average_order=money(spent / orders) if orders else Decimal(0),
        lifetime_value=money(spent / len(rows)) if rows else Decimal(0),
        segments=list(counts.items()),
    )


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
        PreferenceDailyCount.objects.using(db)
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
