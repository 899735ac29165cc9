"""Who reads the insight reports: staff whose Wagtail group holds
``storefront_insights.view_reports`` open every report and its exports and find them under
the Reports menu; other staff are refused and never see the menu items. The permission is
given on the group's edit page."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_filters import DateFromToRangeFilter

from storefront.insights.reports import REPORTS
from tests.admin_helpers import assert_permission_denied, page
from tests.insights.conftest import REPORT_SLUGS, report_url, staff_member

pytestmark = pytest.mark.django_db

TITLES = {
    "preferences": "Colour and design preferences",
    "trends": "Preference trends",
    "funnel": "Design funnel",
    "customers": "Customers",
    "retention": "Customer retention",
    "reviews": "Reviews",
    "returns": "Returns",
    "loyalty": "Loyalty points",
    "related": "Related products",
}
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def test_every_report_of_the_issue_is_registered():
    assert set(TITLES) <= set(REPORT_SLUGS)


def menu_item_names(response) -> set[str]:
    """The names of every item of the admin's sidebar menu, submenus included."""
    props = json.loads(page(response).select_one("#wagtail-sidebar-props").string)
    names = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                names.add(node["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return names


@pytest.mark.parametrize("slug", REPORT_SLUGS)
def test_a_reader_opens_the_report(reader, slug):
    response = reader.get(report_url(slug))

    assert response.status_code == 200
    expected = TITLES.get(slug) or str(next(r for r in REPORTS if r.slug == slug).page_title)
    assert page(response).find("h1").get_text(strip=True) == expected


@pytest.mark.parametrize("export", ["csv", "xlsx"])
@pytest.mark.parametrize("slug", REPORT_SLUGS)
def test_a_reader_downloads_the_report(reader, slug, export):
    response = reader.get(report_url(slug, export=export))

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[export]
    assert f'filename="{slug}-' in response["Content-Disposition"]


@pytest.mark.parametrize(
    "params",
    [{}, {"results": True}, {"export": "csv"}, {"export": "xlsx"}],
    ids=["page", "results", "csv", "xlsx"],
)
@pytest.mark.parametrize("slug", REPORT_SLUGS)
def test_staff_without_the_permission_are_refused(outsider, slug, params):
    response = outsider.get(report_url(slug, **params))

    assert_permission_denied(response)


def test_the_permission_given_to_the_user_alone_is_enough(client, db):
    """Not only through a group: Django's own user permissions count as well."""
    user = staff_member("solo", reports=False)
    user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    client.force_login(user)

    assert client.get(report_url("related")).status_code == 200


def test_the_reports_menu_lists_every_report_for_a_reader(reader):
    names = menu_item_names(reader.get(reverse("wagtailadmin_home")))

    assert {f"insights-{slug}" for slug in REPORT_SLUGS} <= names


def test_the_reports_menu_hides_the_reports_from_staff_without_the_permission(outsider):
    response = outsider.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert not {name for name in menu_item_names(response) if name.startswith("insights-")}


def test_the_menu_items_lead_to_the_reports(reader):
    props = page(reader.get(reverse("wagtailadmin_home"))).select_one("#wagtail-sidebar-props")

    for slug in REPORT_SLUGS:
        assert f'"url": "/admin/insights/{slug}/"' in props.string


def test_the_permission_is_offered_on_the_group_edit_page(client, db):
    group = Group.objects.create(name="Marketing")
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    permission = Permission.objects.get(
        content_type__app_label="storefront_insights", codename="view_reports"
    )

    response = client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))

    assert response.status_code == 200
    checkbox = page(response).select_one(f'input[name="permissions"][value="{permission.pk}"]')
    assert checkbox is not None
    assert checkbox.parent.get_text(strip=True) == (
        "Can view customer insight reports and their exports"
    )
    assert not checkbox.has_attr("checked")


def test_the_group_edit_page_shows_the_permission_ticked_for_a_group_holding_it(client, db):
    reader = staff_member("analyst", reports=True)
    group = reader.groups.get()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    permission = Permission.objects.get(codename="view_reports")

    response = client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))

    checkbox = page(response).select_one(f'input[name="permissions"][value="{permission.pk}"]')
    assert checkbox.has_attr("checked")


def date_filter(slug: str) -> str:
    """The name of the report's date range filter (each report has one)."""
    report = next(r for r in REPORTS if r.slug == slug)
    return next(
        name
        for name, field in report.filterset_class.base_filters.items()
        if isinstance(field, DateFromToRangeFilter)
    )


@pytest.mark.parametrize("slug", REPORT_SLUGS)
def test_an_invalid_filter_is_refused_with_the_reason_and_no_rows(reader, slug):
    response = reader.get(report_url(slug, **{f"{date_filter(slug)}_from": "2026-13-45"}))

    assert response.status_code == 400
    assert "Enter a valid date." in page(response).get_text()
    assert page(response).select("table tbody tr") == []


@pytest.mark.parametrize("export", ["csv", "xlsx"])
@pytest.mark.parametrize("slug", REPORT_SLUGS)
def test_an_export_with_an_invalid_filter_exports_nothing_and_says_why(reader, slug, export):
    response = reader.get(
        report_url(slug, export=export, **{f"{date_filter(slug)}_from": "yesterday-ish"})
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Nothing was exported: correct the filters.")
    assert "Enter a valid date." in text
