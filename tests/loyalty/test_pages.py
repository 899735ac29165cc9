"""The customer's side of the loyalty program: the points page with its history, the birthday
given once, the referral link from visit to reward, and the points to earn shown on the
product page, the cart and the checkout."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from storefront.loyalty.models import EntryKind, ExpiryMode, LoyaltyAccount, PointsEntry
from storefront.loyalty.receivers import REFERRAL_SESSION_KEY
from storefront.loyalty.services import account_for, points_bonus, points_mature
from tests.factories import make_user
from tests.loyalty.conftest import buy, deliver, set_tiers

pytestmark = pytest.mark.django_db

POINTS_URL = "/account/points/"
BIRTHDAY_URL = "/account/points/birthday/"


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def customer(client):
    user = make_user("ada")
    client.force_login(user)
    return user


def delivered_and_mature(shop, user, variant, quantity, capture):
    with capture(execute=True):
        order = deliver(buy(shop, user, variant, quantity))
    points_mature(now=timezone.now() + timedelta(days=31))
    return order


# ---------------------------------------------------------------------------- points page


def test_points_page_needs_a_login(client, shop, program):
    response = client.get(POINTS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("storefront:login"))


def test_points_page_shows_balance_tier_progress_and_history(
    client, shop, program, customer, product_factory, django_capture_on_commit_callbacks
):
    set_tiers(program, ("Silver", "0", "1"), ("Gold", "500", "2"))
    variant = product_factory(price="40.00", stock=50).variants.get()
    delivered = delivered_and_mature(shop, customer, variant, 3, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = buy(shop, customer, variant, 1)  # 40 points, pending

    page = html(client.get(POINTS_URL))

    assert "<strong>120</strong> points to spend" in page
    assert "Worth $5.00 off your next order." in page  # whole steps only: 100 = 5.00
    assert "40 more points are pending" in page
    assert "<strong>Silver</strong>" in page
    assert "Spend $340.00 more to reach Gold." in page  # 160.00 spent this year
    assert 'value="32"' in page  # the progress bar: 160 of 500
    assert f'href="/orders/{delivered.number}/"' in page
    assert f"Order {waiting.number}" in page
    assert "Pending" in page and "+40" in page and "+120" in page
    assert "/r/" + LoyaltyAccount.objects.get(user=customer).referral_code in page


def test_points_page_warns_of_points_expiring_soon(client, shop, program, customer):
    program.expiry_mode = ExpiryMode.AFTER_EARNING
    program.expiry_months = 12
    program.save()
    points_bonus(
        user=customer,
        points=300,
        source="spring",
        reason="Spring promotion",
        now=timezone.now() - timedelta(days=350),
    )
    points_bonus(user=customer, points=50, source="recent", reason="Recent bonus")

    page = html(client.get(POINTS_URL))

    assert "300 points expire by" in page
    assert "Spring promotion" in page and "Recent bonus" in page


def test_points_page_for_a_customer_without_points_opens_their_account(
    client, shop, program, customer
):
    page = html(client.get(POINTS_URL))

    account = LoyaltyAccount.objects.get(user=customer)
    assert "<strong>0</strong> points to spend" in page
    assert "No points yet" in page
    assert f"http://testserver/r/{account.referral_code}/" in page


def test_points_page_history_pages_and_keeps_its_queries_fixed(client, shop, program, customer):
    def add_bonuses(start, count):
        for n in range(start, start + count):
            points_bonus(user=customer, points=10, source=f"promo:{n}", reason=f"Promo {n}")

    def count_queries():
        client.get(POINTS_URL)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(POINTS_URL).status_code == 200
        return len(captured)

    add_bonuses(0, 1)
    with_one = count_queries()
    add_bonuses(1, 29)
    with_thirty = count_queries()

    assert with_one == with_thirty
    first, second = html(client.get(POINTS_URL)), html(client.get(f"{POINTS_URL}?page=2"))
    assert "Promo 29 <" in first and "Promo 0 <" not in first
    assert "Promo 0 <" in second and "Page 2 of 2" in second


def test_account_page_has_a_points_tile_with_the_balance(client, shop, program, customer):
    points_bonus(user=customer, points=250, source="welcome", reason="Welcome")

    page = html(client.get(reverse("storefront:account")))

    assert 'href="/account/points/"' in page
    assert "250 points to spend" in page


# ---------------------------------------------------------------------------- birthday


def test_birthday_is_set_once_then_only_staff_change_it(client, shop, program, customer):
    assert "Save birthday" in html(client.get(POINTS_URL))

    response = client.post(BIRTHDAY_URL, {"birthday": "1990-03-14"})
    assert response.status_code == 302
    account = LoyaltyAccount.objects.get(user=customer)
    assert account.birthday == date(1990, 3, 14)
    page = html(client.get(POINTS_URL))
    assert "Your birthday: March 14." in page
    assert "Only our team can change it" in page
    assert "Save birthday" not in page

    client.post(BIRTHDAY_URL, {"birthday": "1991-01-01"})
    account.refresh_from_db()
    assert account.birthday == date(1990, 3, 14)
    assert "already saved" in html(client.get(POINTS_URL))


@pytest.mark.parametrize("value", ["", "not a date", "2999-01-01", "1850-05-05"])
def test_birthday_refuses_what_is_not_a_birthday(client, shop, program, customer, value):
    response = client.post(BIRTHDAY_URL, {"birthday": value})

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert LoyaltyAccount.objects.get(user=customer).birthday is None


def test_birthday_bonus_uses_the_birthday_given(client, shop, program, customer):
    from storefront.loyalty.services import birthday_bonuses

    program.birthday_bonus = 200
    program.save()
    today = timezone.localdate()
    client.post(BIRTHDAY_URL, {"birthday": today.replace(year=1990).isoformat()})

    assert birthday_bonuses() == 1
    assert birthday_bonuses() == 0  # once a year
    assert LoyaltyAccount.objects.get(user=customer).balance == 200


# ---------------------------------------------------------------------------- referral


def test_referral_link_sign_up_and_first_delivered_order_reward_both(
    client, shop, program, product_factory, django_capture_on_commit_callbacks
):
    program.referrer_bonus = 500
    program.referred_bonus = 250
    program.save()
    referrer = make_user("grace")
    code = account_for(referrer).referral_code

    landing = client.get(f"/r/{code.lower()}/")
    assert landing.status_code == 302
    assert landing["Location"] == reverse("storefront:signup")
    assert client.session[REFERRAL_SESSION_KEY] == code
    signup = client.post(
        reverse("storefront:signup"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert signup.status_code == 302
    newbie = LoyaltyAccount.objects.get(user__username="newbie")
    assert newbie.referred_by == account_for(referrer)
    assert REFERRAL_SESSION_KEY not in client.session

    variant = product_factory(price="20.00", stock=10).variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        order = buy(shop, newbie.user, variant)
    referral_bonuses = PointsEntry.objects.filter(kind=EntryKind.BONUS, source__startswith="ref")
    assert not referral_bonuses.exists()  # not before the order has arrived
    with django_capture_on_commit_callbacks(execute=True):
        deliver(order)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(buy(shop, newbie.user, variant))  # a second order rewards nobody again

    assert LoyaltyAccount.objects.get(user=referrer).balance == 500
    assert LoyaltyAccount.objects.get(user=newbie.user).balance == 250
    assert referral_bonuses.count() == 2
    client.force_login(referrer)
    assert "1 friend joined through your link." in html(client.get(POINTS_URL))


def test_own_referral_link_is_refused(client, shop, program):
    user = make_user("ada")
    code = account_for(user).referral_code

    client.get(f"/r/{code}/")  # logged out, on their own link
    assert client.login(username="ada", password="pass-1234-word")

    assert LoyaltyAccount.objects.get(user=user).referred_by is None
    assert REFERRAL_SESSION_KEY not in client.session


def test_referral_link_while_logged_in_stores_nothing(client, shop, program, customer):
    code = account_for(make_user("grace")).referral_code

    response = client.get(f"/r/{code}/")

    assert response["Location"] == POINTS_URL
    assert REFERRAL_SESSION_KEY not in client.session
    assert not LoyaltyAccount.objects.filter(user=customer, referred_by__isnull=False).exists()


def test_unknown_referral_code_just_leads_to_sign_up(client, shop, program):
    response = client.get("/r/NOSUCHCODE/")

    assert response["Location"] == reverse("storefront:signup")
    assert REFERRAL_SESSION_KEY not in client.session


def test_customer_who_has_ordered_is_not_referred_at_login(
    client, shop, program, product_factory, django_capture_on_commit_callbacks
):
    code = account_for(make_user("grace")).referral_code
    user = make_user("ada")
    with django_capture_on_commit_callbacks(execute=True):
        buy(shop, user, product_factory(stock=5).variants.get())

    client.get(f"/r/{code}/")
    client.login(username="ada", password="pass-1234-word")

    assert LoyaltyAccount.objects.get(user=user).referred_by is None


# ---------------------------------------------------------------------------- points to earn


def test_product_page_shows_the_points_at_the_customers_tier(
    client, shop, program, customer, product_factory
):
    set_tiers(program, ("Silver", "0", "1"), ("Gold", "100", "2"))
    product = product_factory(price="25.00")
    assert "Earn <strong>25 points</strong>" in html(client.get(product.url))

    account = account_for(customer)
    LoyaltyAccount.objects.filter(pk=account.pk).update(tier_spend=Decimal("150.00"))
    page = html(client.get(product.url))

    assert "Earn <strong>50 points</strong>" in page
    assert "Gold ×2" in page


def test_guests_see_the_base_rate_and_an_invitation_to_sign_up(
    client, shop, program, product_factory
):
    product = product_factory(price="25.00")

    page = html(client.get(product.url))

    assert "Members earn <strong>25 points</strong> with this purchase." in page
    assert f'href="/account/signup/?next={product.url}"' in page


def test_no_points_shown_while_the_program_is_off(client, shop, program, customer, product_factory):
    program.enabled = False
    program.save()
    product = product_factory(price="25.00")
    client.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": 1})

    assert "points-earn" not in html(client.get(product.url))
    assert "points-earn" not in html(client.get("/cart/"))
    assert "My points" not in html(client.get(reverse("storefront:account")))


def test_cart_and_checkout_show_what_the_order_earns(
    client, shop, program, customer, product_factory
):
    variant = product_factory(price="12.50", stock=10).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 3})

    assert "This order earns <strong>37 points</strong>" in html(client.get("/cart/"))
    assert "This order earns <strong>37 points</strong>" in html(client.get("/checkout/"))


def test_checkout_earns_on_the_goods_after_the_points_spent(
    client, shop, program, customer, product_factory, django_capture_on_commit_callbacks
):
    variant = product_factory(price="40.00", stock=50).variants.get()
    delivered_and_mature(shop, customer, variant, 3, django_capture_on_commit_callbacks)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    details = {
        "email": "ada@example.com",
        "full_name": "Ada",
        "address_line1": "1 Main Street",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "payment_method": "bank_transfer",
        "shipping_method": shop.standard.pk,
        "points": "100",
    }
    checkout = html(client.get("/checkout/"))
    assert "You have 120 spendable points." in checkout
    assert client.post("/checkout/", details).status_code == 302

    review = html(client.get("/checkout/review/"))

    assert "100 points" in review
    assert "This order earns <strong>75 points</strong>" in review  # 80.00 - 5.00


def test_cart_shows_guests_an_invitation(client, shop, program, product_factory):
    variant = product_factory(price="10.00", stock=10).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})

    assert "Members earn <strong>20 points</strong>" in html(client.get("/cart/"))
