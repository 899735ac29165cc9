"""Reports → Colour and design preferences: swatches, then patterns, ranked by all the
choices they got, with each kind of choice counted and each one's share of its kind; the same
figures in the CSV and XLSX exports and, for colours, in the chart; filtered by dates, product,
category and zone.

The data (``preference_data`` in conftest.py) gives, over 10–12 March 2026:

=========  ========  =====  ======  =======  =====  ======================================
swatch     selected  saved  carted  ordered  total  shares (selected / saved / carted / ord.)
=========  ========  =====  ======  =======  =====  ======================================
Navy       3         0      1       1        5      3/8 = 37.5, 0.0, 1/2 = 50.0, 1/1 = 100.0
Red        2         1      1       0        4      2/8 = 25.0, 100.0, 50.0, 0.0
White      2         0      0       0        2      25.0, 0.0, 0.0, 0.0
<b>x</b>   1         0      0       0        1      1/8 = 12.5, 0.0, 0.0, 0.0
Stripes    2         0      1       1        4      2/3 = 66.7, — (none saved), 100.0, 100.0
Dots       1         0      0       0        1      1/3 = 33.3, —, 0.0, 0.0
=========  ========  =====  ======  =======  =====  ======================================

A share is of the choices of its kind made on swatches (or on patterns). Where there were
none at all (no pattern was ever saved) there is no share: "—" on the page, an empty cell in
the exports. Where there were some, a swatch without any has a real 0.0 % (Red's orders).
"""

import pytest
from wagtail.users.models import UserProfile

from storefront.customizer.models import PreferenceEvent, Swatch
from storefront.customizer.services import preference_rollup_rebuild
from tests.admin_helpers import page
from tests.insights.conftest import (
    BOLD,
    BOLD_NAME,
    D2,
    D3,
    NAVY,
    RED,
    WHITE,
    chart_bars,
    chart_svg,
    chart_table,
    chart_table_headings,
    export_csv,
    export_xlsx,
    moment,
    open_report,
    report_url,
    staff_member,
    table_headings,
    table_rows,
)

pytestmark = pytest.mark.django_db

SLUG = "preferences"

# rank, kind, name, selected, saved, carted, ordered, all, share of selections, of orders
SHOWN = [
    ["1", "Colour", "Navy", "3", "0", "1", "1", "5", "37.5 %", "100.0 %"],
    ["2", "Colour", "Red", "2", "1", "1", "0", "4", "25.0 %", "0.0 %"],
    ["3", "Colour", "White", "2", "0", "0", "0", "2", "25.0 %", "0.0 %"],
    ["4", "Colour", BOLD_NAME, "1", "0", "0", "0", "1", "12.5 %", "0.0 %"],
    ["1", "Pattern", "Stripes", "2", "0", "1", "1", "4", "66.7 %", "100.0 %"],
    ["2", "Pattern", "Dots", "1", "0", "0", "0", "1", "33.3 %", "0.0 %"],
]
EXPORT_HEADINGS = [
    "Rank",
    "Kind",
    "Swatch or pattern",
    "Colour",
    "Selected",
    "Saved",
    "Carted",
    "Ordered",
    "All choices",
    "Share of selections (%)",
    "Share of saves (%)",
    "Share of carts (%)",
    "Share of orders (%)",
]
EXPORTED = [
    ["1", "Colour", "Navy", NAVY, "3", "0", "1", "1", "5", "37.5", "0.0", "50.0", "100.0"],
    ["2", "Colour", "Red", RED, "2", "1", "1", "0", "4", "25.0", "100.0", "50.0", "0.0"],
    ["3", "Colour", "White", WHITE, "2", "0", "0", "0", "2", "25.0", "0.0", "0.0", "0.0"],
    ["4", "Colour", BOLD_NAME, BOLD, "1", "0", "0", "0", "1", "12.5", "0.0", "0.0", "0.0"],
    ["1", "Pattern", "Stripes", "", "2", "0", "1", "1", "4", "66.7", "", "100.0", "100.0"],
    ["2", "Pattern", "Dots", "", "1", "0", "0", "0", "1", "33.3", "", "0.0", "0.0"],
]


def test_the_table_ranks_swatches_then_patterns_with_every_count_and_share(reader, preference_data):
    response = open_report(reader, SLUG)

    assert table_headings(response) == [
        "#",
        "Kind",
        "Swatch or pattern",
        "Selected",
        "Saved",
        "Carted",
        "Ordered",
        "All choices",
        "Share of selections",
        "Share of orders",
    ]
    assert table_rows(response) == SHOWN


def test_the_csv_export_holds_every_figure_with_the_swatch_colours(reader, preference_data):
    assert export_csv(reader, SLUG) == [EXPORT_HEADINGS, *EXPORTED]


def test_the_xlsx_export_holds_every_figure_as_numbers(reader, preference_data):
    assert export_xlsx(reader, SLUG) == [
        tuple(EXPORT_HEADINGS),
        (1, "Colour", "Navy", NAVY, 3, 0, 1, 1, 5, 37.5, 0, 50, 100),
        (2, "Colour", "Red", RED, 2, 1, 1, 0, 4, 25, 100, 50, 0),
        (3, "Colour", "White", WHITE, 2, 0, 0, 0, 2, 25, 0, 0, 0),
        (4, "Colour", BOLD_NAME, BOLD, 1, 0, 0, 0, 1, 12.5, 0, 0, 0),
        (1, "Pattern", "Stripes", None, 2, 0, 1, 1, 4, 66.7, None, 100, 100),
        (2, "Pattern", "Dots", None, 1, 0, 0, 0, 1, 33.3, None, 0, 0),
    ]


def test_the_results_fragment_shows_the_same_figures(reader, preference_data):
    """What the filters reload without the page around it."""
    response = reader.get(report_url(SLUG, results=True))

    assert response.status_code == 200
    assert table_rows(response) == SHOWN


# --- the chart -------------------------------------------------------------------------------


def test_the_chart_is_titled_and_its_description_lists_every_bar(reader, preference_data):
    svg = chart_svg(open_report(reader, SLUG))

    assert svg.find("title").get_text() == "Most chosen colours (all kinds of choice)"
    assert svg.find("desc").get_text() == f"Navy: 5; Red: 4; White: 2; {BOLD_NAME}: 1"
    assert svg["aria-labelledby"] == "preferences-chart-title preferences-chart-desc"


def test_the_chart_draws_the_colours_by_all_their_choices_in_the_swatches_own_colours(
    reader, preference_data
):
    """Patterns have no colour and are left out of the chart."""
    response = open_report(reader, SLUG)

    assert chart_bars(response) == [
        ("Navy", "5", NAVY),
        ("Red", "4", RED),
        ("White", "2", WHITE),
        (BOLD_NAME, "1", BOLD),
    ]
    assert chart_table(response) == [("Navy", "5"), ("Red", "4"), ("White", "2"), (BOLD_NAME, "1")]
    assert chart_table_headings(response) == []  # one figure a row: no head


def test_the_bars_are_as_long_as_their_figures(reader, preference_data):
    widths = [float(rect["width"]) for rect in chart_svg(open_report(reader, SLUG)).select("rect")]

    # 5 : 4 : 2 : 1 of the 530 px left beside the labels (short names: the narrowest, 120 px)
    assert widths == [530.0, 424.0, 212.0, 106.0]


def test_a_swatch_name_with_markup_is_shown_escaped(reader, preference_data):
    response = open_report(reader, SLUG)
    html = response.content.decode()
    svg = chart_svg(response)

    assert BOLD_NAME not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in str(svg.find("desc"))
    assert "&lt;b&gt;x&lt;/b&gt;" in str(svg.select("text.chart-label")[3])
    assert svg.find("b") is None
    assert page(response).select_one("table.listing tbody b") is None


def selected(product, counts: dict, *, day: str = "2026-03-10") -> None:
    """``counts`` (swatch → times) selections in the body zone of ``product`` on ``day``,
    stored at once and counted by the rollup's rebuild (many events, quickly)."""
    PreferenceEvent.objects.bulk_create(
        PreferenceEvent(
            product=product,
            template_id=product.customization_template_id,
            zone_key="body",
            swatch=swatch,
            kind="selected",
            visitor_id="v2",
            created_at=moment(f"{day} 12:00:00"),
        )
        for swatch, times in counts.items()
        for _ in range(times)
    )
    preference_rollup_rebuild()


def test_the_chart_shows_at_most_ten_colours(reader, preference_data, customizable):
    """Twelve colours chosen: the ten most chosen are drawn, the table lists all twelve."""
    tee = preference_data["products"]["tee"]
    tones = [Swatch.objects.create(name=f"Tone {n}", hex=f"#00000{n}") for n in range(8)]
    selected(tee, dict.fromkeys(tones, 1), day="2026-03-12")

    response = open_report(reader, SLUG)

    bars = chart_bars(response)
    assert [label for label, _value, _colour in bars] == [
        "Navy",
        "Red",
        "White",
        BOLD_NAME,
        *[f"Tone {n}" for n in range(6)],
    ]
    assert len([row for row in table_rows(response) if row[1] == "Colour"]) == 12


def test_no_choices_in_the_period_show_no_rows_and_no_chart(reader, preference_data):
    response = open_report(reader, SLUG, day_from="2026-01-01", day_to="2026-01-31")

    assert table_rows(response) == []
    assert page(response).select_one("svg.insight-chart") is None


def test_the_chart_writes_large_figures_with_thousands_separators(reader, customizable):
    """1,234 selections of Red: the bar, its description and the chart's table read "1,234";
    the report's table and the exports keep the plain number."""
    selected(customizable.product, {customizable.red: 1234})

    response = open_report(reader, SLUG)

    assert chart_bars(response) == [("Red", "1,234", customizable.red.hex)]
    assert chart_svg(response).find("desc").get_text() == "Red: 1,234"
    assert chart_table(response) == [("Red", "1,234")]
    assert table_rows(response)[0][3] == "1234"
    assert export_csv(reader, SLUG)[1][4] == "1234"


# --- shares ----------------------------------------------------------------------------------


def test_a_kind_of_choice_nobody_made_has_no_share(reader, preference_data):
    """On the cushion nothing was ordered: no swatch or pattern has a share of orders ("—"
    on the page, an empty cell in the exports), where a 0.0 % would read as "ordered less
    than the others"."""
    cushion = preference_data["products"]["cushion"]

    shown = table_rows(open_report(reader, SLUG, product=cushion.pk))
    exported = export_csv(reader, SLUG, product=cushion.pk)[1:]
    as_numbers = export_xlsx(reader, SLUG, product=cushion.pk)[1:]

    assert [(row[2], row[6], row[9]) for row in shown] == [
        ("Navy", "0", "—"),
        ("White", "0", "—"),
        ("Dots", "0", "—"),
    ]
    assert [(row[2], row[7], row[12]) for row in exported] == [
        ("Navy", "0", ""),
        ("White", "0", ""),
        ("Dots", "0", ""),
    ]
    assert [(row[2], row[7], row[12]) for row in as_numbers] == [
        ("Navy", 0, None),
        ("White", 0, None),
        ("Dots", 0, None),
    ]


def test_a_choice_not_made_where_others_were_has_a_share_of_0_percent(reader, preference_data):
    """Red was never ordered, Navy once: Red's share of the 1 swatch order is a real 0.0 %;
    White's of the 1 swatch save, too."""
    shown = {row[2]: row for row in table_rows(open_report(reader, SLUG))}
    exported = {row[2]: row for row in export_csv(reader, SLUG)[1:]}

    assert shown["Red"][9] == "0.0 %"
    assert (exported["Red"][12], exported["White"][10]) == ("0.0", "0.0")


# --- filters ---------------------------------------------------------------------------------


def test_a_date_range_counts_its_first_and_last_day(reader, preference_data):
    """11 and 12 March: the three choices of the 10th drop out. Selections: Navy 2 of 5,
    Red 1, White 1, <b>x</b> 1; White and <b>x</b> tie on all choices and orders and are
    ranked by name."""
    response = open_report(reader, SLUG, day_from=D2, day_to=D3)

    assert table_rows(response) == [
        ["1", "Colour", "Navy", "2", "0", "1", "1", "4", "40.0 %", "100.0 %"],
        ["2", "Colour", "Red", "1", "1", "1", "0", "3", "20.0 %", "0.0 %"],
        ["3", "Colour", BOLD_NAME, "1", "0", "0", "0", "1", "20.0 %", "0.0 %"],
        ["4", "Colour", "White", "1", "0", "0", "0", "1", "20.0 %", "0.0 %"],
        ["1", "Pattern", "Stripes", "1", "0", "1", "1", "3", "50.0 %", "100.0 %"],
        ["2", "Pattern", "Dots", "1", "0", "0", "0", "1", "50.0 %", "0.0 %"],
    ]


def test_a_range_of_one_day_counts_that_day(reader, preference_data):
    """11 March: three selections and Red's save, nothing ordered (no share of orders); Red
    has 0 of the 3 selections."""
    response = open_report(reader, SLUG, day_from=D2, day_to=D2)

    assert table_rows(response) == [
        ["1", "Colour", BOLD_NAME, "1", "0", "0", "0", "1", "33.3 %", "—"],
        ["2", "Colour", "Navy", "1", "0", "0", "0", "1", "33.3 %", "—"],
        ["3", "Colour", "Red", "0", "1", "0", "0", "1", "0.0 %", "—"],
        ["4", "Colour", "White", "1", "0", "0", "0", "1", "33.3 %", "—"],
        ["1", "Pattern", "Stripes", "1", "0", "0", "0", "1", "100.0 %", "—"],
    ]


def test_a_range_open_at_the_end_counts_from_its_first_day(reader, preference_data):
    response = open_report(reader, SLUG, day_from=D3)

    assert table_rows(response) == [
        ["1", "Colour", "Navy", "1", "0", "1", "1", "3", "50.0 %", "100.0 %"],
        ["2", "Colour", "Red", "1", "0", "1", "0", "2", "50.0 %", "0.0 %"],
        ["1", "Pattern", "Stripes", "0", "0", "1", "1", "2", "0.0 %", "100.0 %"],
        ["2", "Pattern", "Dots", "1", "0", "0", "0", "1", "100.0 %", "0.0 %"],
    ]


def test_the_product_filter_counts_that_products_choices(reader, preference_data):
    """The cushion was selected twice, never ordered: no share of orders."""
    cushion = preference_data["products"]["cushion"]

    response = open_report(reader, SLUG, product=cushion.pk)

    assert table_rows(response) == [
        ["1", "Colour", "Navy", "1", "0", "0", "0", "1", "50.0 %", "—"],
        ["2", "Colour", "White", "1", "0", "0", "0", "1", "50.0 %", "—"],
        ["1", "Pattern", "Dots", "1", "0", "0", "0", "1", "100.0 %", "—"],
    ]


def test_the_category_filter_counts_its_products_choices(reader, preference_data, shop):
    """Apparel holds the tee only. Navy and Red both have 4 choices; Navy was ordered once,
    so it ranks first."""
    response = open_report(reader, SLUG, category=shop.apparel.pk)

    assert table_rows(response) == [
        ["1", "Colour", "Navy", "2", "0", "1", "1", "4", "33.3 %", "100.0 %"],
        ["2", "Colour", "Red", "2", "1", "1", "0", "4", "33.3 %", "0.0 %"],
        ["3", "Colour", BOLD_NAME, "1", "0", "0", "0", "1", "16.7 %", "0.0 %"],
        ["4", "Colour", "White", "1", "0", "0", "0", "1", "16.7 %", "0.0 %"],
        ["1", "Pattern", "Stripes", "2", "0", "1", "1", "4", "100.0 %", "100.0 %"],
    ]


def test_the_zone_filter_counts_the_choices_made_in_that_zone(reader, preference_data):
    """The collar: Navy and White selected once each, nothing ordered."""
    response = open_report(reader, SLUG, zone_key="collar")

    assert table_rows(response) == [
        ["1", "Colour", "Navy", "1", "0", "0", "0", "1", "50.0 %", "—"],
        ["2", "Colour", "White", "1", "0", "0", "0", "1", "50.0 %", "—"],
    ]


def test_filters_combine(reader, preference_data, shop):
    """Apparel, body zone, 12 March: Red selected and carted, Navy (with Stripes) carted and
    ordered. Navy has 0 of the 1 swatch selection (0.0 %); no pattern was selected at all,
    so Stripes has no share of selections."""
    response = open_report(
        reader, SLUG, category=shop.apparel.pk, zone_key="body", day_from=D3, day_to=D3
    )

    assert table_rows(response) == [
        ["1", "Colour", "Navy", "0", "0", "1", "1", "2", "0.0 %", "100.0 %"],
        ["2", "Colour", "Red", "1", "0", "1", "0", "2", "100.0 %", "0.0 %"],
        ["1", "Pattern", "Stripes", "0", "0", "1", "1", "2", "—", "100.0 %"],
    ]


def test_the_exports_and_the_chart_follow_the_filters(reader, preference_data):
    filters = {"day_from": D2, "day_to": D3}

    assert export_csv(reader, SLUG, **filters)[1:] == [
        ["1", "Colour", "Navy", NAVY, "2", "0", "1", "1", "4", "40.0", "0.0", "50.0", "100.0"],
        ["2", "Colour", "Red", RED, "1", "1", "1", "0", "3", "20.0", "100.0", "50.0", "0.0"],
        ["3", "Colour", BOLD_NAME, BOLD, "1", "0", "0", "0", "1", "20.0", "0.0", "0.0", "0.0"],
        ["4", "Colour", "White", WHITE, "1", "0", "0", "0", "1", "20.0", "0.0", "0.0", "0.0"],
        ["1", "Pattern", "Stripes", "", "1", "0", "1", "1", "3", "50.0", "", "100.0", "100.0"],
        ["2", "Pattern", "Dots", "", "1", "0", "0", "0", "1", "50.0", "", "0.0", "0.0"],
    ]
    assert [row[:9] for row in export_xlsx(reader, SLUG, **filters)[1:]] == [
        (1, "Colour", "Navy", NAVY, 2, 0, 1, 1, 4),
        (2, "Colour", "Red", RED, 1, 1, 1, 0, 3),
        (3, "Colour", BOLD_NAME, BOLD, 1, 0, 0, 0, 1),
        (4, "Colour", "White", WHITE, 1, 0, 0, 0, 1),
        (1, "Pattern", "Stripes", None, 1, 0, 1, 1, 3),
        (2, "Pattern", "Dots", None, 1, 0, 0, 0, 1),
    ]
    svg = chart_svg(open_report(reader, SLUG, **filters))
    assert svg.find("desc").get_text() == f"Navy: 4; Red: 3; {BOLD_NAME}: 1; White: 1"


# --- bugs ------------------------------------------------------------------------------------


def test_a_one_day_range_counts_that_day_for_an_admin_in_another_time_zone(client, preference_data):
    user = staff_member("tokyo", reports=True)
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = "Asia/Tokyo"
    profile.save()
    client.force_login(user)

    response = open_report(client, SLUG, day_from=D2, day_to=D2)

    assert table_rows(response) == [
        ["1", "Colour", BOLD_NAME, "1", "0", "0", "0", "1", "33.3 %", "—"],
        ["2", "Colour", "Navy", "1", "0", "0", "0", "1", "33.3 %", "—"],
        ["3", "Colour", "Red", "0", "1", "0", "0", "1", "0.0 %", "—"],
        ["4", "Colour", "White", "1", "0", "0", "0", "1", "33.3 %", "—"],
        ["1", "Pattern", "Stripes", "1", "0", "0", "0", "1", "100.0 %", "—"],
    ]


def test_a_share_exactly_half_way_rounds_up(reader, customizable):
    selected(customizable.product, {customizable.red: 15, customizable.navy: 1})

    rows = table_rows(open_report(reader, SLUG))

    assert [(row[2], row[8]) for row in rows] == [("Red", "93.8 %"), ("Navy", "6.3 %")]
