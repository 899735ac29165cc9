"""The insight reports under the admin's Reports menu. Each is a Wagtail ``ReportView``: a
filterset over the rollup or table it reads, an aggregation into rows (``selectors.py``),
the rows' table with CSV and XLSX export, and an SVG chart of the same figures. Only users
with ``storefront_insights.view_reports`` open them or their exports."""

import datetime

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from storefront.core.models import display_money
from storefront.customizer.models import (
    ChoiceDailyCount,
    PreferenceDailyCount,
    ProductDailyCount,
    Zone,
)
from storefront.insights import charts
from storefront.insights.selectors import (
    CHOICE_KINDS,
    RETENTION_MONTHS,
    SEGMENTS,
    Comparison,
    CustomerRows,
    Interval,
    cohort_rows,
    compared_period,
    customer_totals,
    funnel_rows,
    loyalty_month_rows,
    loyalty_standing,
    month_start,
    preference_rows,
    purchases,
    related_source_rows,
    reports_db,
    retention_curve,
    return_reason_totals,
    return_rows,
    return_totals,
    review_rows,
    share,
    sold_lines,
    trend_period,
    trend_rows,
    trend_series,
)
from storefront.loyalty.models import PointsEntry
from storefront.orders.models import Order
from storefront.products.models import Category, ProductPage
from storefront.related.models import Place, SuggestionClick
from storefront.returns.models import ReturnLine
from storefront.reviews.models import ProductReview

REPORTS_PERMISSION = "storefront_insights.view_reports"
ADMIN_NAMESPACE = "storefront_insights"


def can_view_reports(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(REPORTS_PERMISSION)


def percent(value) -> str:
    """A rate for reading: "12.5 %", or "—" where there is none (nothing to divide by)."""
    return "—" if value is None else f"{value} %"


class Figure(Column):
    """A figure that may be missing (no reply yet, no period compared): "—" then."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return "—" if value is None else value


class PercentColumn(Column):
    def get_value(self, instance):
        return percent(super().get_value(instance))


def signed(value, unit: str) -> str:
    """A change for reading: "+1.5 pts", "-2.0 %", or "—" where there is none."""
    if value is None:
        return "—"
    return f"{'+' if value > 0 else ''}{value} {unit}"


class ChangeColumn(Column):
    def __init__(self, *args, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def get_value(self, instance):
        return signed(super().get_value(instance), str(self.unit))


class MonthColumn(Column):
    """A month's first day, shown as the month ("November 2026"); exports keep the date."""

    def get_value(self, instance):
        return date_format(super().get_value(instance), "YEAR_MONTH_FORMAT")


class InsightReport(ReportView):
    """The shared shape: ``filterset_class`` over ``model``, ``rows(queryset)`` into dicts,
    ``chart(rows)`` into SVG, ``columns`` and ``list_export`` over the same keys."""

    template_name = "storefront/insights/report.html"
    results_template_name = "storefront/insights/report_results.html"
    paginate_by = 100
    permission_required = "view"  # checked by user_has_permission below
    slug = ""
    model = None

    @classmethod
    def url_name(cls, results: bool = False) -> str:
        return f"{ADMIN_NAMESPACE}:{cls.slug}{'_results' if results else ''}"

    @property
    def index_url_name(self):
        return self.url_name()

    @property
    def index_results_url_name(self):
        return self.url_name(results=True)

    def user_has_permission(self, permission):
        return can_view_reports(self.request.user)

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.using(reports_db()).all()

    def filters_refused(self) -> bool:
        """The filters given do not validate (a date that is no date, an unknown product).
        Wagtail would then show, and export, the whole report as if none had been given."""
        return self.filters is not None and not self.filters.is_valid()

    def get_filtered_queryset(self):
        refused = self.filters_refused()
        self.rows_list = [] if refused else self.rows(self.filter_queryset(self.get_queryset()))
        return self.rows_list

    def render_to_response(self, context, **response_kwargs):
        if self.is_export and self.filters_refused():
            errors = "; ".join(
                f"{self.filters.form.fields[name].label or name}: {' '.join(messages)}"
                for name, messages in self.filters.errors.items()
            )
            return HttpResponseBadRequest(
                _("Nothing was exported: correct the filters. %(errors)s") % {"errors": errors},
                content_type="text/plain; charset=utf-8",
            )
        response = super().render_to_response(context, **response_kwargs)
        if self.filters_refused():
            response.status_code = 400  # the form shows what to correct, and no rows
        return response

    def rows(self, queryset: QuerySet) -> list[dict]:
        raise NotImplementedError

    def chart(self, rows: list[dict]) -> charts.Chart | None:
        return None

    def summary(self) -> list[tuple[str, str]]:
        """Headline figures shown above the chart, as (label, value) pairs."""
        return []

    def notes(self) -> list[tuple[str, str]]:
        """Definitions a reader needs (segment rules...), shown under the figures."""
        return []

    def cleaned_filters(self) -> dict:
        """The filter form's values (empty when the form is unbound or invalid)."""
        return getattr(self.filters.form, "cleaned_data", {}) if self.filters else {}

    def get_filename(self):
        return f"{self.slug}-{datetime.date.today():%Y-%m-%d}"

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))

    def to_row_dict(self, item: dict) -> dict:
        return {field: item[field] for field in self.list_export}

    def write_csv_row(self, writer, row_dict):
        # The rows hold text, numbers, dates and None, which the csv module writes as
        # Wagtail's per-cell preprocessing would; skipping it keeps large exports quick.
        return writer.writerow(row_dict)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if self.is_export:  # the file holds the rows only
            return context
        if self.filters_refused():  # the form says what to correct; no figures meanwhile
            context.update(chart=None, summary=[], notes=[])
            return context
        context["chart"] = self.chart(self.rows_list)
        context["summary"] = self.summary()
        context["notes"] = self.notes()
        return context


# --- 1. colour and design preferences ----------------------------------------------------


def _zone_choices():
    keys = Zone.objects.order_by("key").values_list("key", "label").distinct()
    return [(key, f"{label} ({key})") for key, label in keys]


class DayRangeFilter(django_filters.DateFromToRangeFilter):
    """A range of days on a date field. django-filter turns the chosen dates into datetimes
    in the admin's time zone; a date field compares the dates themselves."""

    def filter(self, qs, value):
        if value:
            if value.start is not None:
                qs = qs.filter(**{f"{self.field_name}__gte": value.start.date()})
            if value.stop is not None:
                qs = qs.filter(**{f"{self.field_name}__lte": value.stop.date()})
        return qs


class PreferenceFilterSet(WagtailFilterSet):
    day = DayRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    product = django_filters.ModelChoiceFilter(
        label=_("Product"),
        queryset=ProductPage.objects.filter(customization_template__isnull=False).order_by("title"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), field_name="product__categories", queryset=Category.objects.all()
    )
    zone_key = django_filters.ChoiceFilter(label=_("Zone"), choices=_zone_choices)

    class Meta:
        model = PreferenceDailyCount
        fields = ["day", "product", "category", "zone_key"]


class ShopWideChoices:
    """For the preference reports: shop-wide (no product, category or zone chosen) the
    choices are read from the small ``ChoiceDailyCount`` rollup, with the other filters
    applied to it; narrowed, from ``PreferenceDailyCount``."""

    NARROWING = ("product", "category", "zone_key")

    def filter_queryset(self, queryset):
        valid = self.filters is not None and self.filters.is_valid()
        cleaned = self.cleaned_filters()
        if not valid or any(cleaned.get(name) for name in self.NARROWING):
            return super().filter_queryset(queryset)
        choices = ChoiceDailyCount.objects.using(reports_db()).all()
        for name, value in cleaned.items():
            if name not in self.NARROWING:
                choices = self.filters.filters[name].filter(choices, value)
        return choices


class PreferencesReport(ShopWideChoices, InsightReport):
    slug = "preferences"
    page_title = _("Colour and design preferences")
    header_icon = "image"
    model = PreferenceDailyCount
    filterset_class = PreferenceFilterSet
    columns = [
        Column("rank", label="#"),
        Column("choice_type", label=_("Kind")),
        Column("name", label=_("Swatch or pattern")),
        Column("selected", label=_("Selected")),
        Column("saved", label=_("Saved")),
        Column("carted", label=_("Carted")),
        Column("ordered", label=_("Ordered")),
        Column("total", label=_("All choices")),
        PercentColumn("selected_share", label=_("Share of selections")),
        PercentColumn("ordered_share", label=_("Share of orders")),
    ]
    list_export = [
        "rank",
        "choice_type",
        "name",
        "colour",
        "selected",
        "saved",
        "carted",
        "ordered",
        "total",
        "selected_share",
        "saved_share",
        "carted_share",
        "ordered_share",
    ]
    export_headings = {
        "rank": _("Rank"),
        "choice_type": _("Kind"),
        "name": _("Swatch or pattern"),
        "colour": _("Colour"),
        "selected": _("Selected"),
        "saved": _("Saved"),
        "carted": _("Carted"),
        "ordered": _("Ordered"),
        "total": _("All choices"),
        "selected_share": _("Share of selections (%)"),
        "saved_share": _("Share of saves (%)"),
        "carted_share": _("Share of carts (%)"),
        "ordered_share": _("Share of orders (%)"),
    }

    def rows(self, queryset):
        return preference_rows(queryset)

    def chart(self, rows):
        top = [row for row in rows if row["colour"]][:10]
        return charts.bar_chart(
            title=str(_("Most chosen colours (all kinds of choice)")),
            bars=[charts.Bar(row["name"], row["total"], row["colour"]) for row in top],
            chart_id="preferences-chart",
        )


# --- 2. preference trends ---------------------------------------------------------------


def keep_all(queryset, name, value):
    """For filters the report applies itself, after the filterset."""
    return queryset


class TrendFilterSet(PreferenceFilterSet):
    day = django_filters.DateFromToRangeFilter(
        label=_("Period"), widget=DateRangePickerWidget, method=keep_all
    )
    interval = django_filters.ChoiceFilter(
        label=_("By"), choices=Interval.choices, empty_label=None, method=keep_all
    )
    compare = django_filters.ChoiceFilter(
        label=_("Compared with"), choices=Comparison.choices, empty_label=None, method=keep_all
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of choice"),
        choices=[(kind.value, kind.label) for kind in CHOICE_KINDS],
        empty_label=_("All choices"),
    )

    class Meta:
        model = PreferenceDailyCount
        fields = ["day", "interval", "compare", "kind", "product", "category", "zone_key"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None:
            data.setdefault("interval", Interval.WEEK)
            data.setdefault("compare", Comparison.PREVIOUS)
        super().__init__(data, *args, **kwargs)


def _name_and_change(row: dict) -> str:
    return f"{row['name']} ({signed(row['share_change'], _('pts'))})"


AXIS_FORMATS = {Interval.DAY: "M j", Interval.WEEK: "M j", Interval.MONTH: "M Y"}
AXIS_HEADINGS = {
    Interval.DAY: _("Day"),
    Interval.WEEK: _("Week from"),
    Interval.MONTH: _("Month"),
}
TREND_LINES = 5


class TrendsReport(ShopWideChoices, InsightReport):
    slug = "trends"
    page_title = _("Preference trends")
    header_icon = "history"
    model = PreferenceDailyCount
    filterset_class = TrendFilterSet
    columns = [
        Column("rank", label="#"),
        Column("choice_type", label=_("Kind")),
        Column("name", label=_("Swatch or pattern")),
        Column("current", label=_("Choices")),
        PercentColumn("current_share", label=_("Share")),
        Figure("previous", label=_("Choices before")),
        PercentColumn("previous_share", label=_("Share before")),
        ChangeColumn("share_change", label=_("Change in share"), unit=_("pts")),
        ChangeColumn("change", label=_("Change in choices"), unit="%"),
    ]
    list_export = [
        "rank",
        "choice_type",
        "name",
        "colour",
        "current",
        "current_share",
        "previous",
        "previous_share",
        "share_change",
        "change",
    ]
    export_headings = {
        "rank": _("Rank"),
        "choice_type": _("Kind"),
        "name": _("Swatch or pattern"),
        "colour": _("Colour"),
        "current": _("Choices %(start)s to %(stop)s"),
        "current_share": _("Share %(start)s to %(stop)s (%%)"),
        "previous": _("Choices %(start)s to %(stop)s"),
        "previous_share": _("Share %(start)s to %(stop)s (%%)"),
        "share_change": _("Change in share (percentage points)"),
        "change": _("Change in choices (%)"),
    }
    # The same columns when there is no period to name (nothing compared).
    undated_headings = {
        "current": _("Choices"),
        "current_share": _("Share (%)"),
        "previous": _("Choices before"),
        "previous_share": _("Share before (%)"),
    }

    def get_heading(self, queryset, field):
        heading = self.export_headings.get(field, field)
        period = self.compared if field.startswith("previous") else self.period
        if field in {"current", "current_share", "previous", "previous_share"}:
            if period is None:
                return str(self.undated_headings[field])
            return str(heading) % {"start": period.start, "stop": period.stop}
        return str(heading)

    def rows(self, queryset):
        cleaned = self.cleaned_filters()
        days = cleaned.get("day")
        self.interval = cleaned.get("interval") or Interval.WEEK
        self.period = trend_period(
            start=days.start.date() if days and days.start else None,
            stop=days.stop.date() if days and days.stop else None,
            interval=self.interval,
            today=timezone.localdate(),
        )
        self.compared = compared_period(self.period, cleaned.get("compare") or Comparison.PREVIOUS)
        if not cleaned.get("kind"):
            queryset = queryset.filter(kind__in=CHOICE_KINDS)
        self.counts = queryset
        return trend_rows(queryset, period=self.period, compared=self.compared)

    def chart(self, rows):
        top = [row for row in rows if row["colour"] and row["current"]][:TREND_LINES]
        buckets, series = trend_series(
            self.counts, period=self.period, interval=self.interval, choices=top
        )
        return charts.line_chart(
            title=str(_("The most chosen colours over the period")),
            axis=[date_format(bucket, AXIS_FORMATS[self.interval]) for bucket in buckets],
            axis_heading=str(AXIS_HEADINGS[self.interval]),
            lines=[charts.Line(row["name"], series[row["key"]], row["colour"]) for row in top],
            chart_id="trends-chart",
        )

    def summary(self):
        def dates(period):
            return _("%(start)s to %(stop)s") % {
                "start": date_format(period.start),
                "stop": date_format(period.stop),
            }

        colours = [row for row in self.rows_list if row["field"] == "swatch"]
        choices = sum(row["current"] for row in colours)
        figures = [(_("Period"), dates(self.period)), (_("Colour choices"), str(choices))]
        if self.compared is None:
            return figures
        before = sum(row["previous"] for row in colours)
        figures += [
            (_("Compared with"), dates(self.compared)),
            (
                _("Colour choices before"),
                f"{before} ({signed(share(choices - before, before), '%')})",
            ),
        ]
        moved = sorted(
            (row for row in colours if row["share_change"] is not None),
            key=lambda row: row["share_change"],
        )
        if moved and moved[-1]["share_change"] > 0:
            figures.append((_("Rising most"), _name_and_change(moved[-1])))
        if moved and moved[0]["share_change"] < 0:
            figures.append((_("Falling most"), _name_and_change(moved[0])))
        return figures

    def notes(self):
        return [
            (
                _("Share"),
                _(
                    "a swatch's choices as a percentage of all swatch choices in its period "
                    "(a pattern's, of all pattern choices): it rises or falls with taste, "
                    "not with traffic"
                ),
            ),
            (_("Change in share"), _("in percentage points, this period against the one before")),
        ]


# --- 3. design funnel --------------------------------------------------------------------


class FunnelFilterSet(WagtailFilterSet):
    day = DayRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), field_name="product__categories", queryset=Category.objects.all()
    )

    class Meta:
        model = ProductDailyCount
        fields = ["day", "category"]


class FunnelReport(InsightReport):
    slug = "funnel"
    page_title = _("Design funnel")
    header_icon = "arrow-right"
    model = ProductDailyCount
    filterset_class = FunnelFilterSet
    columns = [
        Column("product", label=_("Product")),
        Column("viewed", label=_("Viewed")),
        Column("selected", label=_("Selected")),
        PercentColumn("selected_rate", label=_("per view")),
        Column("saved", label=_("Saved")),
        PercentColumn("saved_rate", label=_("per selection")),
        Column("carted", label=_("Carted")),
        PercentColumn("carted_rate", label=_("per save")),
        Column("ordered", label=_("Ordered")),
        PercentColumn("ordered_rate", label=_("per cart")),
        PercentColumn("order_rate", label=_("Ordered per view")),
    ]
    list_export = [
        "product",
        "viewed",
        "selected",
        "selected_rate",
        "saved",
        "saved_rate",
        "carted",
        "carted_rate",
        "ordered",
        "ordered_rate",
        "order_rate",
    ]
    export_headings = {
        "product": _("Product"),
        "viewed": _("Viewed"),
        "selected": _("Selected"),
        "selected_rate": _("Selected per view (%)"),
        "saved": _("Saved"),
        "saved_rate": _("Saved per selection (%)"),
        "carted": _("Carted"),
        "carted_rate": _("Carted per save (%)"),
        "ordered": _("Ordered"),
        "ordered_rate": _("Ordered per cart (%)"),
        "order_rate": _("Ordered per view (%)"),
    }

    def rows(self, queryset):
        return funnel_rows(queryset)

    def chart(self, rows):
        steps = [
            (_("Viewed"), "viewed"),
            (_("Selected"), "selected"),
            (_("Saved"), "saved"),
            (_("Carted"), "carted"),
            (_("Ordered"), "ordered"),
        ]
        return charts.bar_chart(
            title=str(_("Design funnel, all products shown (events)")),
            bars=[charts.Bar(str(label), sum(row[key] for row in rows)) for label, key in steps],
            chart_id="funnel-chart",
        )


# --- 7. loyalty --------------------------------------------------------------------------


class PointsFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = PointsEntry
        fields = ["created_at"]


class LoyaltyReport(InsightReport):
    slug = "loyalty"
    page_title = _("Loyalty points")
    header_icon = "tag"
    model = PointsEntry
    filterset_class = PointsFilterSet
    columns = [
        MonthColumn("month", label=_("Month")),
        Column("earned", label=_("Earned")),
        Column("bonus", label=_("Bonus")),
        Column("redeemed", label=_("Spent")),
        Column("given_back", label=_("Given back")),
        Column("taken_back", label=_("Taken back")),
        Column("expired", label=_("Expired")),
        Column("adjusted", label=_("Adjusted")),
        Column("forfeited", label=_("Forfeited")),
        Column("net", label=_("Net change")),
    ]
    list_export = [
        "month",
        "earned",
        "bonus",
        "redeemed",
        "given_back",
        "taken_back",
        "expired",
        "adjusted",
        "forfeited",
        "net",
    ]
    export_headings = {
        "month": _("Month"),
        "earned": _("Earned"),
        "bonus": _("Bonus"),
        "redeemed": _("Spent"),
        "given_back": _("Given back"),
        "taken_back": _("Taken back"),
        "expired": _("Expired"),
        "adjusted": _("Adjusted"),
        "forfeited": _("Forfeited"),
        "net": _("Net change"),
    }

    def rows(self, queryset):
        return loyalty_month_rows(queryset)

    def chart(self, rows):
        recent = rows[:12]
        return charts.bar_chart(
            title=str(_("Points earned per month")),
            bars=[
                charts.Bar(f"{row['month']:%Y-%m}", row["earned"] + row["bonus"]) for row in recent
            ],
            chart_id="loyalty-chart",
        )

    def summary(self):
        standing = loyalty_standing(using=reports_db())
        figures = [
            (_("Members"), f"{standing.members}"),
            (_("Spendable points outstanding"), f"{standing.spendable}"),
            (
                _("Their value (the shop's liability)"),
                display_money(standing.liability, self.request),
            ),
            (_("Pending points"), f"{standing.pending}"),
        ]
        figures.extend(
            (_("Tier: %(tier)s") % {"tier": name}, str(count)) for name, count in standing.tiers
        )
        return figures

    def notes(self):
        return [
            (_("Spent"), _("points taken off orders at checkout")),
            (
                _("Given back"),
                _("points spent on an order that was cancelled or returned, back to the customer"),
            ),
            (
                _("Taken back"),
                _("points earned on an order that was cancelled or returned, withdrawn"),
            ),
            (_("Expired"), _("points left unused past the program's expiry")),
            (_("Forfeited"), _("points left when a customer deleted their account")),
        ]


# --- 8. related products -----------------------------------------------------------------


class ClickFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    place = django_filters.ChoiceFilter(label=_("Where"), choices=Place.choices)

    class Meta:
        model = SuggestionClick
        fields = ["created_at", "place"]


class RelatedReport(InsightReport):
    slug = "related"
    page_title = _("Related products")
    header_icon = "link"
    model = SuggestionClick
    filterset_class = ClickFilterSet
    columns = [
        Column("label", label=_("Source")),
        Column("clicks", label=_("Clicks")),
        Column("purchases", label=_("Purchases")),
        PercentColumn("purchase_rate", label=_("Clicks that led to a purchase")),
    ]
    list_export = ["source", "label", "clicks", "purchases", "purchase_rate"]
    export_headings = {
        "source": _("Source code"),
        "label": _("Source"),
        "clicks": _("Clicks"),
        "purchases": _("Purchases"),
        "purchase_rate": _("Clicks that led to a purchase (%)"),
    }

    def rows(self, queryset):
        return related_source_rows(queryset)

    def chart(self, rows):
        return charts.bar_chart(
            title=str(_("Clicks per suggestion source")),
            bars=[charts.Bar(row["label"], row["clicks"]) for row in rows],
            chart_id="related-chart",
        )


# --- 4. customers -----------------------------------------------------------------------


class CustomerFilterSet(WagtailFilterSet):
    placed_at = django_filters.DateFromToRangeFilter(
        label=_("Orders placed"), widget=DateRangePickerWidget
    )
    tier = django_filters.CharFilter(
        label=_("Loyalty tier"), field_name="user__loyalty_account__tier_name"
    )

    class Meta:
        model = Order
        fields = ["placed_at", "tier"]


class CustomersReport(InsightReport):
    slug = "customers"
    page_title = _("Customers")
    header_icon = "group"
    model = Order
    filterset_class = CustomerFilterSet
    columns = [
        Column("email", label=_("Customer")),
        Column("name", label=_("Name")),
        Column("tier", label=_("Tier")),
        Column("orders", label=_("Orders")),
        Column("spent", label=_("Spent")),
        Column("average_order", label=_("Average order")),
        Column("last_order", label=_("Last order")),
        Column("segment", label=_("Segment")),
    ]
    list_export = [
        "email",
        "name",
        "account",
        "tier",
        "orders",
        "spent",
        "average_order",
        "first_order",
        "last_order",
        "days_since",
        "segment",
    ]
    export_headings = {
        "email": _("E-mail"),
        "name": _("Name"),
        "account": _("Account"),
        "tier": _("Tier"),
        "orders": _("Orders"),
        "spent": _("Spent"),
        "average_order": _("Average order"),
        "first_order": _("First order"),
        "last_order": _("Last order"),
        "days_since": _("Days since last order"),
        "segment": _("Segment"),
    }

    def get_queryset(self):
        return purchases(using=reports_db())

    def rows(self, queryset):
        now = timezone.now()
        if self.is_export:  # the file lists the customers; the figures are the page's
            return CustomerRows(queryset, now=now)
        self.totals = customer_totals(queryset, now=now)
        return CustomerRows(queryset, now=now, count=self.totals.customers)

    def chart(self, rows):
        return charts.bar_chart(
            title=str(_("Customers per segment")),
            bars=[charts.Bar(name, count) for name, count in self.totals.segments],
            chart_id="customers-chart",
        )

    def summary(self):
        totals = self.totals
        return [
            (_("Customers"), str(totals.customers)),
            (_("Repeat customers"), percent(totals.repeat_rate)),
            (_("Average order"), display_money(totals.average_order, self.request)),
            (
                _("Spent per customer (lifetime value)"),
                display_money(totals.lifetime_value, self.request),
            ),
        ]

    def notes(self):
        return [(segment.name, segment.rule) for segment in SEGMENTS]


class RetentionFilterSet(WagtailFilterSet):
    placed_at = django_filters.DateFromToRangeFilter(
        label=_("First order"), widget=DateRangePickerWidget, method=keep_all
    )
    tier = CustomerFilterSet.base_filters["tier"]

    class Meta:
        model = Order
        fields = ["placed_at", "tier"]


class RetentionReport(InsightReport):
    slug = "retention"
    page_title = _("Customer retention")
    header_icon = "calendar-check"
    model = Order
    filterset_class = RetentionFilterSet
    months = range(1, RETENTION_MONTHS + 1)
    columns = [
        MonthColumn("cohort", label=_("First order")),
        Column("customers", label=_("Customers")),
        *[PercentColumn(f"month_{n}", label=_("Month %(n)s") % {"n": n}) for n in months],
    ]
    list_export = [
        "cohort",
        "customers",
        *[f"month_{n}" for n in months],
        *[f"returning_{n}" for n in months],
    ]
    export_headings = {
        "cohort": _("First order (month)"),
        "customers": _("Customers"),
        **{f"month_{n}": _("Month %(n)s (%%)") % {"n": n} for n in months},
        **{f"returning_{n}": _("Month %(n)s (customers)") % {"n": n} for n in months},
    }

    def get_queryset(self):
        return purchases(using=reports_db())

    def rows(self, queryset):
        today = timezone.localdate()
        period = self.cleaned_filters().get("placed_at")
        start = period.start.date() if period and period.start else None
        stop = period.stop.date() if period and period.stop else today
        if start is None:  # twelve cohorts
            start = month_start(stop, months_later=1 - RETENTION_MONTHS)
        return cohort_rows(queryset, start=start, stop=stop, today=today)

    def chart(self, rows):
        curve = [(n, rate) for n, rate in retention_curve(rows) if rate is not None]
        return charts.bar_chart(
            title=str(_("Customers buying again, by months after their first order")),
            bars=[charts.Bar(str(_("Month %(n)s") % {"n": n}), float(rate)) for n, rate in curve],
            unit=" %",
            chart_id="retention-chart",
        )

    def summary(self):
        customers = sum(row["customers"] for row in self.rows_list)
        curve = dict(retention_curve(self.rows_list))
        return [
            (_("Customers in these cohorts"), str(customers)),
            (_("Buying again in month 1"), percent(curve[1])),
            (_("Buying again in month 3"), percent(curve[3])),
            (_("Buying again in month 12"), percent(curve[12])),
        ]

    def notes(self):
        return [
            (
                _("Cohort"),
                _(
                    "the customers (e-mail addresses) whose first purchase fell in that month; "
                    "the date filter chooses the cohorts, which are followed up to today"
                ),
            ),
            (
                _("Month n"),
                _(
                    "the share of the cohort who bought again in the n-th calendar month after "
                    "their first; — for a month still to come (the current month counts so far)"
                ),
            ),
        ]


# --- 5. reviews --------------------------------------------------------------------------


class ReviewFilterSet(WagtailFilterSet):
    submit_date = django_filters.DateFromToRangeFilter(
        label=_("Written"), widget=DateRangePickerWidget
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), field_name="product__categories", queryset=Category.objects.all()
    )
    min_reviews = django_filters.NumberFilter(
        label=_("At least this many reviews"), method="keep_all", min_value=1
    )

    class Meta:
        model = ProductReview
        fields = ["submit_date", "category"]

    def keep_all(self, queryset, name, value):
        return queryset  # applied to the products' counts by the report


class ReviewsReport(InsightReport):
    slug = "reviews"
    page_title = _("Reviews")
    header_icon = "comment"
    model = ProductReview
    filterset_class = ReviewFilterSet
    columns = [
        Column("product", label=_("Product")),
        Column("average", label=_("Average")),
        Column("reviews", label=_("Reviews")),
        *[Column(f"stars_{n}", label=f"{n}★") for n in range(5, 0, -1)],
        PercentColumn("verified_share", label=_("Verified")),
        PercentColumn("reply_rate", label=_("Replied")),
        Figure("reply_hours", label=_("Hours to reply (average)")),
    ]
    list_export = [
        "product",
        "average",
        "reviews",
        *[f"stars_{n}" for n in range(5, 0, -1)],
        "verified",
        "verified_share",
        "replied",
        "reply_rate",
        "reply_hours",
    ]
    export_headings = {
        "product": _("Product"),
        "average": _("Average rating"),
        "reviews": _("Reviews"),
        **{f"stars_{n}": _("%(n)s stars") % {"n": n} for n in range(5, 0, -1)},
        "verified": _("Verified"),
        "verified_share": _("Verified (%)"),
        "replied": _("Replied"),
        "reply_rate": _("Replied (%)"),
        "reply_hours": _("Hours to reply (average)"),
    }

    def get_queryset(self):
        return ProductReview.norel_objects.using(reports_db()).all()

    def rows(self, queryset):
        min_reviews = self.cleaned_filters().get("min_reviews")
        return review_rows(queryset, min_reviews=int(min_reviews or 1))

    def chart(self, rows):
        totals = [(n, sum(row[f"stars_{n}"] for row in rows)) for n in range(5, 0, -1)]
        return charts.bar_chart(
            title=str(_("Ratings given, all products shown")),
            bars=[charts.Bar(f"{n}★", count, "#f59e0b") for n, count in totals],
            chart_id="reviews-chart",
        )

    def summary(self):
        reviews = sum(row["reviews"] for row in self.rows_list)
        verified = sum(row["verified"] for row in self.rows_list)
        replied = sum(row["replied"] for row in self.rows_list)
        return [
            (_("Products"), str(len(self.rows_list))),
            (_("Reviews"), str(reviews)),
            (_("Verified"), percent(share(verified, reviews))),
            (_("Replied"), percent(share(replied, reviews))),
        ]


# --- 6. returns --------------------------------------------------------------------------


class ReturnFilterSet(WagtailFilterSet):
    ordered = django_filters.DateFromToRangeFilter(
        label=_("Ordered"),
        field_name="order_line__order__placed_at",
        widget=DateRangePickerWidget,
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        field_name="order_line__product__categories",
        queryset=Category.objects.all(),
    )

    class Meta:
        model = ReturnLine
        fields = ["ordered", "category"]


class ReturnsReport(InsightReport):
    slug = "returns"
    page_title = _("Returns")
    header_icon = "redirect"
    model = ReturnLine
    filterset_class = ReturnFilterSet
    columns = [
        Column("product", label=_("Product")),
        Column("sold", label=_("Units sold")),
        Column("returned", label=_("Units returned")),
        PercentColumn("return_rate", label=_("Return rate")),
        Column("reasons", label=_("Reasons")),
    ]
    list_export = ["product", "sold", "returned", "return_rate", "reasons"]
    export_headings = {
        "product": _("Product"),
        "sold": _("Units sold"),
        "returned": _("Units returned"),
        "return_rate": _("Return rate (%)"),
        "reasons": _("Reasons (units)"),
    }

    def _sold(self):
        """Order lines of purchases placed in the date range."""
        period = self.cleaned_filters().get("ordered")
        return sold_lines(
            using=reports_db(),
            start=period.start if period else None,
            stop=period.stop if period else None,
        )

    def rows(self, queryset):
        self.lines = queryset
        return return_rows(queryset, self._sold())

    def chart(self, rows):
        return charts.bar_chart(
            title=str(_("Units returned per reason")),
            bars=[charts.Bar(label, units) for label, units in return_reason_totals(self.lines)],
            chart_id="returns-chart",
        )

    def summary(self):
        totals = return_totals(self.lines)
        return [
            (_("Return requests"), str(totals.requests)),
            (_("Refunded to the payment"), display_money(totals.refunded, self.request)),
            (
                _("Refunded as store credit"),
                _("%(money)s (%(points)s points)")
                % {
                    "money": display_money(totals.store_credit, self.request),
                    "points": totals.store_credit_points,
                },
            ),
        ]

    def notes(self):
        return [
            (
                _("Return rate"),
                _(
                    "units returned of the units sold in the orders placed in the date range "
                    "(returns requested since count too; rejected requests do not)"
                ),
            ),
            (
                _("Refunds"),
                _(
                    "whole return requests holding a product shown, shipping refunds included; "
                    "store credit is paid in points, shown with its value in money"
                ),
            ),
        ]


REPORTS: list[type[InsightReport]] = [
    PreferencesReport,
    TrendsReport,
    FunnelReport,
    CustomersReport,
    RetentionReport,
    ReviewsReport,
    ReturnsReport,
    LoyaltyReport,
    RelatedReport,
]
