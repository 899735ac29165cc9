"""``manage.py storefront_export_report <report> <file> [name=value ...]``: the admin's export
of a report, with the same filters, written to a file for a scheduled mail; filters it does not
know or cannot read are refused by name."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from storefront.insights.management.commands.storefront_export_report import Command
from tests.insights.conftest import (
    D2,
    D3,
    csv_rows,
    export_bytes,
    report_url,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

COMMAND = "storefront_export_report"

CASES = [
    ("preferences", "preference_data", {}),
    ("preferences", "preference_data", {"day_from": D2, "day_to": D3, "zone_key": "body"}),
    ("related", "click_data", {"place": "product", "created_at_from": "2026-11-15"}),
    ("loyalty", "loyalty_data", {"created_at_from": "2026-10-01", "created_at_to": "2026-11-20"}),
]
IDS = ["preferences", "preferences-filtered", "related-filtered", "loyalty-filtered"]


def run(slug: str, path, *filters: str, **options) -> str:
    out = io.StringIO()
    call_command(COMMAND, slug, str(path), *filters, stdout=out, **options)
    return out.getvalue()


def as_arguments(filters: dict) -> list[str]:
    return [f"{name}={value}" for name, value in filters.items()]


@pytest.mark.parametrize(("slug", "data", "filters"), CASES, ids=IDS)
def test_the_csv_file_is_the_admins_csv_export(request, reader, tmp_path, slug, data, filters):
    request.getfixturevalue(data)
    web = export_bytes(reader.get(report_url(slug, export="csv", **filters)))

    run(slug, tmp_path / "report.csv", *as_arguments(filters))

    written = (tmp_path / "report.csv").read_bytes()
    assert written == web
    assert len(csv_rows(written)) > 1


@pytest.mark.parametrize(("slug", "data", "filters"), CASES, ids=IDS)
def test_the_xlsx_file_holds_the_admins_xlsx_export(request, reader, tmp_path, slug, data, filters):
    request.getfixturevalue(data)
    web = xlsx_rows(export_bytes(reader.get(report_url(slug, export="xlsx", **filters))))

    run(slug, tmp_path / "report.xlsx", *as_arguments(filters))

    assert xlsx_rows((tmp_path / "report.xlsx").read_bytes()) == web


def test_the_command_writes_the_filtered_figures(preference_data, tmp_path):
    """Not only the same as the web: the figures of the collar on 11 March 2026, one
    selection of Navy. Navy has all of the selections (100.0 %); no swatch was saved,
    carted or ordered there, so those shares are empty cells, not 0.0."""
    run("preferences", tmp_path / "collar.csv", f"day_from={D2}", f"day_to={D2}", "zone_key=collar")

    assert csv_rows((tmp_path / "collar.csv").read_bytes())[1:] == [
        ["1", "Colour", "Navy", "#1f2a44", "1", "0", "0", "0", "1", "100.0", "", "", ""]
    ]


def test_the_format_option_wins_over_the_file_name(click_data, tmp_path):
    run("related", tmp_path / "clicks.data", format="xlsx")

    rows = xlsx_rows((tmp_path / "clicks.data").read_bytes())
    assert rows[1] == ("pick", "Our pick", 3, 1, 33.3)


def test_the_command_says_what_it_wrote(preference_data, tmp_path):
    path = tmp_path / "preferences.csv"

    output = run("preferences", path)

    assert output.strip() == f"Wrote 6 rows of the preferences report to {path}."


def test_an_unknown_filter_is_refused_by_name(preference_data, tmp_path):
    path = tmp_path / "report.csv"

    with pytest.raises(CommandError) as refused:
        run("preferences", path, "colour=red", f"day_from={D2}", "size=m")

    assert str(refused.value) == (
        "Unknown filter(s) colour, size; this report takes: "
        "category, day_from, day_to, product, zone_key."
    )
    assert not path.exists()


def test_a_filter_of_another_report_is_refused(click_data, tmp_path):
    with pytest.raises(CommandError, match=r"Unknown filter\(s\) zone_key;"):
        run("related", tmp_path / "report.csv", "zone_key=body")


def test_the_returns_report_takes_the_dates_ordered_not_requested(db, tmp_path):
    """The returns report's range is of the orders placed: a scheduled export still giving
    the dates requested (its former filter) is refused by name, not run unfiltered."""
    path = tmp_path / "returns.csv"

    with pytest.raises(CommandError) as refused:
        run("returns", path, "requested_from=2026-11-01", "requested_to=2026-11-30")

    assert str(refused.value) == (
        "Unknown filter(s) requested_from, requested_to; this report takes: "
        "category, ordered_from, ordered_to."
    )
    assert not path.exists()
    run("returns", path, "ordered_from=2026-11-01", "ordered_to=2026-11-30")
    assert csv_rows(path.read_bytes()) == [
        ["Product", "Units sold", "Units returned", "Return rate (%)", "Reasons (units)"]
    ]


@pytest.mark.parametrize(
    ("slug", "argument", "named"),
    [
        ("preferences", "day_from=2026-13-01", "day"),
        ("preferences", "product=999999", "product"),
        ("preferences", "category=apparel", "category"),
        ("preferences", "zone_key=sleeve", "zone_key"),
        ("related", "place=basket", "place"),
        ("loyalty", "created_at_to=yesterday", "created_at"),
    ],
)
def test_an_invalid_filter_is_refused_by_name(db, tmp_path, slug, argument, named):
    path = tmp_path / "report.csv"

    with pytest.raises(CommandError) as refused:
        run(slug, path, argument)

    message = str(refused.value)
    assert message.startswith("Invalid filter:")
    assert f"* {named}\n" in message
    assert not path.exists()


def test_a_filter_without_a_value_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Filters are name=value: 'zone_key'"):
        run("preferences", tmp_path / "report.csv", "zone_key")


def test_an_unknown_report_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'sales'"):
        run("sales", tmp_path / "report.csv")


def test_a_file_type_other_than_csv_or_xlsx_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Give --format csv or xlsx"):
        run("related", tmp_path / "report.pdf")


def test_the_filters_of_the_commands_own_example_are_accepted(preference_data, tmp_path):
    example = re.findall(r"\w+=\d{4}-\d{2}-\d{2}", Command.help)
    assert example == ["day_from=2026-01-01", "day_to=2026-01-31"]

    run("preferences", tmp_path / "report.csv", *example)

    assert (tmp_path / "report.csv").exists()
