"""Loyalty in the Wagtail admin: the accounts listing and its search, an account's page with
its ledger, adjusting a balance with a reason (and who may), correcting a birthday, and the
program's settings page with its tiers."""

from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from storefront.loyalty.models import EntryKind, LoyaltySettings, LoyaltyTier, PointsEntry
from storefront.loyalty.services import account_for, ledger_consistent, points_bonus
from tests.admin_helpers import assert_permission_denied
from tests.factories import make_user

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/loyalty/accounts/"


def admin_user(username: str, *codenames: str, is_staff: bool = True):
    user = make_user(username, is_staff=is_staff)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def url(view: str, account) -> str:
    return reverse(f"storefront_loyalty_admin:{view}", args=[account.pk])


def listed(response) -> set[str]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {cell.get_text(" ", strip=True) for cell in soup.select("td.title a")}


@pytest.fixture
def editor(client, shop):
    """Staff who may adjust points, logged in."""
    user = admin_user("editor", "adjust_points")
    client.force_login(user)
    return user


@pytest.fixture
def ada(shop, program):
    user = make_user("ada", email="ada@lovelace.example")
    points_bonus(user=user, points=300, source="welcome", reason="Welcome to the program")
    return account_for(user)


@pytest.fixture
def grace(shop, program):
    user = make_user("grace", email="grace@hopper.example")
    return account_for(user)


# ---------------------------------------------------------------------------- listing


def test_listing_shows_every_account_with_its_figures(client, editor, ada, grace):
    response = client.get(INDEX_URL)

    assert listed(response) == {"ada", "grace"}
    page = response.content.decode()
    assert "ada@lovelace.example" in page
    assert ">300<" in page.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize("query", ["gra", "hopper.example"])
def test_search_by_username_or_email(client, editor, ada, grace, query):
    assert listed(client.get(INDEX_URL, {"q": query})) == {"grace"}


def test_no_add_edit_or_delete_screens(client, editor, ada):
    assert client.get(INDEX_URL).content.decode().count("/admin/loyalty/accounts/add/") == 0
    assert_permission_denied(client.get(f"{INDEX_URL}edit/{ada.pk}/"))
    assert_permission_denied(client.get(f"{INDEX_URL}delete/{ada.pk}/"))


def test_inspect_shows_the_ledger(client, editor, ada):
    page = client.get(url("inspect", ada)).content.decode()

    assert "Welcome to the program" in page
    assert "+300" in page
    assert ada.referral_code in page
    assert "Adjust points" in page


# ---------------------------------------------------------------------------- adjusting


def test_adjust_with_a_reason_records_the_editor(client, editor, ada):
    response = client.post(
        url("adjust", ada), {"adjust-points": "-120", "adjust-reason": "Duplicate bonus"}
    )

    assert response.status_code == 302
    entry = PointsEntry.objects.get(account=ada, kind=EntryKind.ADJUST)
    assert (entry.points, entry.reason, entry.actor) == (-120, "Duplicate bonus", editor)
    ada.refresh_from_db()
    assert ada.balance == 180
    assert ledger_consistent(ada)
    assert "Duplicate bonus" in client.get(url("inspect", ada)).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"adjust-points": "50", "adjust-reason": "   "}, "This field is required."),
        ({"adjust-points": "50"}, "This field is required."),
        ({"adjust-points": "0", "adjust-reason": "Nothing"}, "other than zero"),
        ({"adjust-points": "-301", "adjust-reason": "Too much"}, "cannot go below zero"),
    ],
)
def test_adjust_refused_writes_nothing_and_says_why(client, editor, ada, data, message):
    response = client.post(url("adjust", ada), data, follow=True)

    assert message in response.content.decode()
    assert not PointsEntry.objects.filter(account=ada, kind=EntryKind.ADJUST).exists()


def test_adjust_refused_without_the_permission(client, shop, ada):
    viewer = admin_user("viewer", "view_loyaltyaccount")
    client.force_login(viewer)

    assert listed(client.get(INDEX_URL)) == {"ada"}
    assert "Adjust points" not in client.get(url("inspect", ada)).content.decode()
    response = client.post(url("adjust", ada), {"adjust-points": "50", "adjust-reason": "Gift"})

    assert_permission_denied(response)
    assert not PointsEntry.objects.filter(account=ada, kind=EntryKind.ADJUST).exists()


def test_staff_without_loyalty_permissions_see_nothing(client, shop, ada):
    client.force_login(admin_user("clerk"))

    assert_permission_denied(client.get(INDEX_URL))
    assert_permission_denied(client.get(url("inspect", ada)))


def test_non_staff_cannot_adjust_even_with_the_permission(client, shop, ada):
    client.force_login(admin_user("shopper", "adjust_points", is_staff=False))

    response = client.post(url("adjust", ada), {"adjust-points": "50", "adjust-reason": "Gift"})

    assert_permission_denied(response)  # Wagtail lets them in; points need a staff member
    assert not PointsEntry.objects.filter(account=ada, kind=EntryKind.ADJUST).exists()


def test_staff_correct_a_birthday(client, editor, ada):
    ada.birthday = date(1990, 1, 1)
    ada.save()

    client.post(url("birthday", ada), {"birthday-birthday": "1990-12-10"})
    ada.refresh_from_db()
    assert ada.birthday == date(1990, 12, 10)

    client.post(url("birthday", ada), {"birthday-birthday": ""})
    ada.refresh_from_db()
    assert ada.birthday is None


# ---------------------------------------------------------------------------- settings


def test_program_settings_page_saves_tiers(client, shop, program):
    superuser = make_user("boss", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    settings_url = reverse(
        "wagtailsettings:edit", args=["storefront_loyalty", "loyaltysettings", shop.site.pk]
    )
    page = client.get(settings_url)
    assert page.status_code == 200
    assert "Tiers" in page.content.decode()

    fields = {
        "enabled": "on",
        "points_per_unit": "10",
        "rounding": "down",
        "pending_days": "14",
        "redeem_step_points": "1000",
        "redeem_step_value": "1.00",
        "redeem_minimum_points": "0",
        "redeem_max_share": "50",
        "tier_period": "calendar_year",
        "expiry_mode": "never",
        "expiry_months": "24",
        "signup_bonus": "0",
        "review_bonus": "0",
        "photo_review_bonus": "0",
        "referrer_bonus": "500",
        "referred_bonus": "250",
        "birthday_bonus": "100",
    }
    tiers = inline_formset(
        [
            {"name": "Bronze", "threshold": "0", "multiplier": "2", "ORDER": "1"},
            {"name": "Silver", "threshold": "500", "multiplier": "4", "ORDER": "2"},
            {"name": "Gold", "threshold": "1500", "multiplier": "6", "ORDER": "3"},
        ]
    )
    response = client.post(settings_url, nested_form_data({**fields, "tiers": tiers}))

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = LoyaltySettings.for_site(shop.site)
    assert (saved.points_per_unit, saved.redeem_step_points) == (Decimal("10"), 1000)
    assert [
        (tier.name, tier.threshold, tier.multiplier)
        for tier in LoyaltyTier.objects.filter(program=saved).order_by("sort_order")
    ] == [
        ("Bronze", Decimal("0.00"), Decimal("2.00")),
        ("Silver", Decimal("500.00"), Decimal("4.00")),
        ("Gold", Decimal("1500.00"), Decimal("6.00")),
    ]


def test_a_closed_account_is_listed_and_shown_for_the_books_but_not_changed(
    client, editor, ada, grace
):
    from storefront.loyalty.services import loyalty_account_close

    closed = loyalty_account_close(user=ada.user)

    assert f"Closed account {closed.pk}" in listed(client.get(INDEX_URL))
    page = client.get(url("inspect", closed))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert "Forfeited" in soup.select_one(".loyalty-ledger").get_text()
    assert soup.select_one(".loyalty-adjust-form") is None
    response = client.post(url("adjust", closed), {"adjust-points": "10", "adjust-reason": "x"})
    assert response.status_code == 302
    assert not PointsEntry.objects.filter(account=closed, kind=EntryKind.ADJUST).exists()
    assert ledger_consistent(closed)
