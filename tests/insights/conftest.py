"""Insight report fixtures: readers (staff given the reports permission through a Wagtail
group) and staff without it, a clock to set, and readers of the report's page, its CSV and
XLSX exports and its SVG chart."""

import csv
import io
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from unittest.mock import patch
from urllib.parse import urlencode

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from storefront.customizer.models import Pattern, Swatch
from storefront.customizer.services import EventIn, preference_events_record
from storefront.insights.reports import REPORTS
from storefront.loyalty.models import ExpiryMode, LoyaltyAccount, LoyaltySettings
from storefront.loyalty.services import points_adjust, points_bonus, points_expire
from storefront.orders.models import OrderStatus
from storefront.orders.services import (
    order_transition,
)
from storefront.products.models import ProductPage
from storefront.related.services import suggestion_click_record
from tests.admin_helpers import page
from tests.customizer import conftest as customizer_fixtures
from tests.customizer.conftest import stored_image, stripes
from tests.factories import make_order, make_user
from tests.loyalty.conftest import set_tiers

# The customizer tests' product, template, swatches and pattern, as a fixture here too.
customizable = customizer_fixtures.customizable

# Every report under the Reports menu, also those added after these tests were written.
REPORT_SLUGS = [report.slug for report in REPORTS]


# --- time ----------------------------------------------------------------------------------


def moment(text: str) -> datetime:
    """``"2026-10-01 00:00:00"`` as an aware datetime in the current time zone."""
    return timezone.make_aware(datetime.fromisoformat(text))


@contextmanager
def at(text: str):
    """Run the block as if it were ``text`` (everything that asks django's clock)."""
    with patch("django.utils.timezone.now", return_value=moment(text)):
        yield


# --- who reads -----------------------------------------------------------------------------


def staff_member(username: str, *, reports: bool, extra: tuple[str, ...] = ()):
    """A staff user in a Wagtail group that opens the admin and, with ``reports``, may read
    the insight reports."""
    user = make_user(username, is_staff=True)
    group = Group.objects.create(name=f"{username} group")
    codenames = ["access_admin", *extra] + (["view_reports"] if reports else [])
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


@pytest.fixture
def reader(client, db):
    """A client logged in as staff whose group holds the reports permission."""
    client.force_login(staff_member("analyst", reports=True))
    return client


@pytest.fixture
def outsider(client, db):
    """A client logged in as staff whose group does not hold the reports permission."""
    client.force_login(staff_member("clerk", reports=False))
    return client


# --- what the report shows -----------------------------------------------------------------


def report_url(slug: str, *, results: bool = False, **params) -> str:
    name = f"storefront_insights:{slug}{'_results' if results else ''}"
    query = urlencode(params)
    return reverse(name) + (f"?{query}" if query else "")


def open_report(client, slug: str, **params):
    response = client.get(report_url(slug, **params))
    assert response.status_code == 200, response.status_code
    return response


def _results_table(response):
    """The report's table (not the chart's own); None when nothing matched."""
    tables = [
        table
        for table in page(response).select("table.listing")
        if table.find("thead") and not table.find_parent(class_="insight-chart-table")
    ]
    assert len(tables) <= 1, f"{len(tables)} results tables"
    return tables[0] if tables else None


def table_headings(response) -> list[str]:
    return [th.get_text(" ", strip=True) for th in _results_table(response).select("thead th")]


def table_rows(response) -> list[list[str]]:
    """The report's table as shown: one list of cell texts per row ([] without a table)."""
    table = _results_table(response)
    if table is None:
        return []
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in table.select("tbody tr")
    ]


def summary(response) -> dict[str, str]:
    """The headline figures above the chart, label → value."""
    return {
        item.find("dt").get_text(" ", strip=True): item.find("dd").get_text(" ", strip=True)
        for item in page(response).select(".insight-summary dl > div")
    }


def notes(response) -> dict[str, str]:
    """The definitions under the figures, term → definition."""
    found = page(response).select_one(".insight-notes")
    assert found is not None, "no notes on the page"
    return {
        term.get_text(" ", strip=True): term.find_next_sibling("dd").get_text(" ", strip=True)
        for term in found.select("dt")
    }


def chart_svg(response):
    svg = page(response).select_one("svg.insight-chart")
    assert svg is not None, "no chart on the page"
    return svg


def chart_bars(response) -> list[tuple[str, str, str]]:
    """(label, value, fill colour) of each bar drawn."""
    return [
        (
            group.select_one("text.chart-label").get_text(),
            group.select_one("text.chart-value").get_text(),
            group.find("rect")["fill"],
        )
        for group in chart_svg(response).find_all("g")
    ]


def chart_table(response) -> list[tuple[str, ...]]:
    """The chart's figures as the table under it lists them: a row's label and figures."""
    return [
        tuple(cell.get_text(strip=True) for cell in row.find_all(["th", "td"]))
        for row in page(response).select(".insight-chart-table tbody tr")
    ]


def chart_table_headings(response) -> list[str]:
    return [
        cell.get_text(strip=True) for cell in page(response).select(".insight-chart-table thead th")
    ]


def export_bytes(response) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def xlsx_rows(content: bytes) -> list[tuple]:
    """The first sheet's rows, empty cells as None (also at the end of a row)."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    rows = [tuple(row) for row in workbook.active.iter_rows(values_only=True)]
    width = max((len(row) for row in rows), default=0)
    return [row + (None,) * (width - len(row)) for row in rows]


def export_csv(client, slug: str, **filters) -> list[list[str]]:
    return csv_rows(export_bytes(client.get(report_url(slug, export="csv", **filters))))


def export_xlsx(client, slug: str, **filters) -> list[tuple]:
    return xlsx_rows(export_bytes(client.get(report_url(slug, export="xlsx", **filters))))


# --- colour and design preferences ---------------------------------------------------------

D1, D2, D3 = "2026-03-10", "2026-03-11", "2026-03-12"

# (day, product, zone, swatch, pattern, kind): the choices shoppers made. Views are not
# choices and count nowhere in the report.
PREFERENCE_EVENTS = [
    (D1, "tee", "", None, None, "viewed"),
    (D1, "tee", "body", "navy", "stripes", "selected"),
    (D1, "tee", "body", "red", None, "selected"),
    (D1, "tee", "collar", "white", None, "selected"),
    (D2, "tee", "collar", "navy", None, "selected"),
    (D2, "tee", "body", "bold", "stripes", "selected"),
    (D2, "cushion", "body", "white", None, "selected"),
    (D2, "tee", "body", "red", None, "saved"),
    (D3, "cushion", "body", "navy", "dots", "selected"),
    (D3, "tee", "body", "red", None, "selected"),
    (D3, "tee", "body", "navy", "stripes", "carted"),
    (D3, "tee", "body", "navy", "stripes", "ordered"),
    (D3, "tee", "body", "red", None, "carted"),
]

NAVY, RED, WHITE, BOLD = "#1f2a44", "#c0392b", "#ffffff", "#7b2d8e"
BOLD_NAME = "<b>x</b>"


@pytest.fixture
def preference_data(shop, customizable, product_factory):
    """Two customizable products on one template: the tee (Apparel; the customizer tests'
    product) and a cushion (Home). Their body zone also offers a swatch named ``<b>x</b>``
    and a Dots pattern. Shoppers made the choices of ``PREFERENCE_EVENTS``, recorded by the
    customizer's service on three days of March 2026."""

    bold = Swatch.objects.create(name=BOLD_NAME, hex=BOLD)
    dots = Pattern.objects.create(name="Dots", key="dots", tile=stored_image("dots", stripes()))
    body = customizable.template.zones.get(key="body")
    body.palette.swatches.add(bold)
    body.palette.save()
    body.patterns.add(dots)
    body.save()

    tee = customizable.product
    tee.categories.set([shop.apparel])
    tee.save()
    cushion = product_factory(title="Custom cushion", categories=[shop.home_goods], images=0)
    ProductPage.objects.filter(pk=cushion.pk).update(customization_template=customizable.template)
    cushion.refresh_from_db()

    products = {"tee": tee, "cushion": cushion}
    swatches = {
        "red": customizable.red,
        "navy": customizable.navy,
        "white": customizable.white,
        "bold": bold,
    }
    patterns = {"stripes": customizable.stripes, "dots": dots}
    for day, product, zone, swatch, pattern, kind in PREFERENCE_EVENTS:
        event = EventIn(
            kind=kind,
            zone=zone,
            swatch=swatches[swatch].pk if swatch else None,
            pattern=patterns[pattern].pk if pattern else None,
        )
        with at(f"{day} 12:00:00"):
            preference_events_record(
                product=products[product], events=[event], visitor_id="v1", from_browser=False
            )
    return {"products": products, "swatches": swatches, "patterns": patterns}


# --- related products ----------------------------------------------------------------------

# (source, place, who, product, when): suggestions followed from the tee's page. Ada then
# buys the belt and the mug, Bob the cap, on 2026-11-20.
CLICKS = [
    ("pick", "product", "ada", "belt", "2026-11-10 12:00:00"),  # bought
    ("pick", "product", "ada", "cap", "2026-11-15 00:00:00"),
    ("pick", "cart", "guest", "belt", "2026-11-15 12:00:00"),
    ("co_purchase", "product", "ada", "mug", "2026-11-18 23:59:59"),  # bought
    ("co_purchase", "cart", "bob", "belt", "2026-11-18 12:00:00"),
    ("co_purchase", "checkout", "bob", "cap", "2026-11-19 12:00:00"),  # bought
    ("best_seller", "product", "guest", "mug", "2026-11-19 12:00:00"),
]


def place_order(shop, user, *lines, points: int = 0):
    """An order through the checkout services, ``lines`` being (variant, quantity), paying
    ``points`` of the customer's loyalty points."""
    return make_order(shop=shop, items=list(lines), user=user, points=points)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what orders do after their commit (points, attribution)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def click_data(shop, product_factory, committed):
    """The clicks of ``CLICKS``, counted by the related service, and the orders they led to
    (tied to them by the service that runs after an order's commit)."""

    products = {
        title: product_factory(title=title.title(), images=0, stock=100)
        for title in ("tee", "belt", "cap", "mug")
    }
    people = {"ada": make_user("ada"), "bob": make_user("bob"), "guest": None}
    for source, place, who, product, when in CLICKS:
        with at(when):
            suggestion_click_record(
                source=source,
                place=place,
                product=products[product],
                from_product_id=products["tee"].pk,
                user=people[who],
                session_key="guest-session" if who == "guest" else "",
            )
    variant = {name: product.variants.get() for name, product in products.items()}
    with at("2026-11-20 12:00:00"), committed():
        place_order(shop, people["ada"], (variant["belt"], 1), (variant["mug"], 1))
    with at("2026-11-20 12:00:00"), committed():
        place_order(shop, people["bob"], (variant["cap"], 1))
    return {"products": products, "people": people}


# --- loyalty -------------------------------------------------------------------------------


@pytest.fixture
def loyalty_data(shop, product_factory, committed):
    """A program of 1 point per 1.00 spent, 100 points worth 5.00, points expiring a month
    after they were earned, and tiers Bronze (from 0.00) and Silver (from 30.00), both x1.
    Ledger, by the loyalty services:

    ========================  =====  ==================================  ======
    when                      who    what                                points
    ========================  =====  ==================================  ======
    2026-08-10 12:00:00       carol  sign-up bonus                         +40
    2026-09-15 12:00:00       ada    birthday bonus                       +150
    2026-09-30 23:59:59       bob    review bonus                          +30
    2026-10-01 00:00:00       carol  expiry (earned before 2026-09-01)     -40
    2026-10-31 23:59:59       bob    review bonus                          +20
    2026-11-01 00:00:00       ada    review bonus                          +10
    2026-11-20 12:00:00       ada    order of 40.00 paying 100 points     -100
                                     (5.00 off) earns on 35.00 (pending)   +35
    2026-11-21 12:00:00       bob    order of 20.00 earns (pending)        +20
    2026-11-22 12:00:00       bob    that order cancelled: earn reversed   -20
    2026-11-23 12:00:00       ada    staff adjustment                       -5
    ========================  =====  ==================================  ======
    """

    program = LoyaltySettings.for_site(shop.site)
    program.points_per_unit = Decimal("1")
    program.redeem_step_points = 100
    program.redeem_step_value = Decimal("5.00")
    program.redeem_max_share = 50
    program.pending_days = 30
    program.expiry_mode = ExpiryMode.AFTER_EARNING
    program.expiry_months = 1
    program.save()
    set_tiers(program, ("Bronze", "0", "1"), ("Silver", "30", "1"))

    ada, bob, carol = make_user("ada"), make_user("bob"), make_user("carol")
    keeper = staff_member("keeper", reports=False, extra=("adjust_points",))
    tee = product_factory(title="Tee", price="20.00", images=0, stock=100).variants.get()

    with at("2026-08-10 12:00:00"):
        points_bonus(user=carol, points=40, source="signup", reason="Welcome")
    with at("2026-09-15 12:00:00"):
        points_bonus(user=ada, points=150, source="birthday:2026", reason="Happy birthday")
    with at("2026-09-30 23:59:59"):
        points_bonus(user=bob, points=30, source="review:1", reason="Thanks")
    with at("2026-10-01 00:00:00"):
        assert points_expire() == 40
    with at("2026-10-31 23:59:59"):
        points_bonus(user=bob, points=20, source="review:2", reason="Thanks")
    with at("2026-11-01 00:00:00"):
        points_bonus(user=ada, points=10, source="review:3", reason="Thanks")
    with at("2026-11-20 12:00:00"), committed():
        place_order(shop, ada, (tee, 2), points=100)
    with at("2026-11-21 12:00:00"), committed():
        bobs_order = place_order(shop, bob, (tee, 1))
    with at("2026-11-22 12:00:00"), committed():
        order_transition(order=bobs_order, to_status=OrderStatus.CANCELLED)
    with at("2026-11-23 12:00:00"):
        points_adjust(
            account=LoyaltyAccount.objects.get(user=ada),
            points=-5,
            reason="Goodwill correction",
            actor=keeper,
        )
    return {"ada": ada, "bob": bob, "carol": carol}
