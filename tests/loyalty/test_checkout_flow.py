"""A customer earns points on one order and spends them on the next, through the pages."""

import re
from datetime import timedelta

from django.utils import timezone

from storefront.loyalty.models import LoyaltyAccount
from storefront.loyalty.services import ledger_consistent, points_mature
from tests.factories import make_user
from tests.loyalty.conftest import buy, deliver

ADDRESS = {
    "email": "ada@example.com",
    "full_name": "Ada",
    "address_line1": "1 Main Street",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
    "payment_method": "bank_transfer",
}


def test_points_earned_on_one_order_pay_for_part_of_the_next(
    shop, program, product_factory, django_capture_on_commit_callbacks, client
):
    user = make_user("ada")
    variant = product_factory(price="40.00", stock=50).variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        order = buy(shop, user, variant, 3)  # 120.00 of goods: 120 pending points
    account = LoyaltyAccount.objects.get(user=user)
    assert (account.balance, account.pending) == (0, 120)

    with django_capture_on_commit_callbacks(execute=True):
        deliver(order)
    points_mature(now=timezone.now() + timedelta(days=31))
    account.refresh_from_db()
    assert (account.balance, account.pending) == (120, 0)

    client.force_login(user)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    assert "Pay with points" in client.get("/checkout/").content.decode()
    details = {**ADDRESS, "shipping_method": shop.standard.pk, "points": "100"}
    assert client.post("/checkout/", details).status_code == 302
    review = client.get("/checkout/review/").content.decode()
    assert "100 points" in review
    token = re.search(r'name="checkout_token" value="([^"]+)"', review).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/checkout/review/", {"checkout_token": token}).status_code == 302

    account.refresh_from_db()
    assert account.balance == 20  # 120 - 100 spent; 75.00 of goods earn 75 pending
    assert account.pending == 75
    assert ledger_consistent(account)
    assert client.get("/api/storefront/loyalty/balance").json()["balance"] == 20
    refused = client.get("/api/storefront/loyalty/quote?points=100")
    assert refused.status_code == 400
    assert "20 spendable points" in refused.json()["detail"]
