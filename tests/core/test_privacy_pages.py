"""The account's "Privacy and data" page: the marketing consent form, "Download my data" and
"Delete my account" (current password and a choice for the reviews, POST only), and the
consent box on the sign-up form."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from storefront.core.models import ConsentSource, MarketingConsent
from storefront.orders.models import Order
from storefront.reviews.models import ProductReview
from tests.core.conftest import OLGA, PASSWORD, PAT, personal_traces
from tests.factories import make_order, make_user

pytestmark = pytest.mark.django_db

PRIVACY_URL = reverse("storefront:account_privacy")
CONSENT_URL = reverse("storefront:marketing_consent")
DATA_URL = reverse("storefront:account_data")
DELETE_URL = reverse("storefront:account_delete")
SIGNUP_URL = reverse("storefront:signup")


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return " ".join(page(response).get_text(" ").split())


@pytest.fixture
def shopper(shop):
    return make_user("shopper", password=PASSWORD, first_name="Sam", last_name="Shopper")


@pytest.fixture
def logged_in(client, shopper):
    client.force_login(shopper)
    return client


# ---------------------------------------------------------------------------- access


@pytest.mark.parametrize("url", [PRIVACY_URL, CONSENT_URL, DATA_URL, DELETE_URL])
def test_guests_are_sent_to_log_in(client, shop, url):
    response = client.post(url) if url != PRIVACY_URL else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("storefront:login"))


@pytest.mark.parametrize("url", [CONSENT_URL, DATA_URL, DELETE_URL])
def test_the_forms_take_posts_only(logged_in, url):
    assert logged_in.get(url).status_code == 405


def test_the_forms_need_the_csrf_token(shopper):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shopper)

    response = client.post(DELETE_URL, {"reviews": "delete", "password": PASSWORD})

    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=shopper.pk).exists()


def test_the_account_page_links_to_privacy_and_data(logged_in):
    response = logged_in.get(reverse("storefront:account"))

    link = page(response).find("a", href=PRIVACY_URL)
    assert link is not None
    assert "Privacy and data" in link.get_text()


def test_the_privacy_page_shows_the_three_forms(logged_in):
    response = logged_in.get(PRIVACY_URL)

    assert response.status_code == 200
    html = page(response)
    assert html.h1.get_text(strip=True) == "Privacy and data"
    consent = html.find("form", action=CONSENT_URL)
    assert consent.find("input", {"name": "consented"}).get("checked") is None
    assert html.find("form", action=DATA_URL).button.get_text(strip=True) == "Download my data"
    delete = html.find("form", action=DELETE_URL)
    assert delete["method"] == "post"
    assert [radio["value"] for radio in delete.find_all("input", type="radio")] == [
        "delete",
        "anonymize",
    ]
    assert delete.find("input", type="password") is not None
    assert "Your points are forfeited." in text_of(response)


# ---------------------------------------------------------------------------- consent


def test_consent_is_given_and_taken_back_with_the_time(logged_in, shopper):
    response = logged_in.post(CONSENT_URL, {"consented": "on"}, follow=True)

    consent = MarketingConsent.objects.get(user=shopper)
    assert consent.consented is True
    assert consent.source == ConsentSource.ACCOUNT
    assert (timezone.now() - consent.changed_at).total_seconds() < 60
    assert "we will e-mail you our offers and news" in text_of(response)
    assert page(response).find("input", {"name": "consented"}).get("checked") is not None

    logged_in.post(CONSENT_URL, {})

    consent.refresh_from_db()
    assert consent.consented is False


def test_signing_up_with_the_box_ticked_records_consent(client, shop):
    form = page(client.get(SIGNUP_URL))
    box = form.find("input", {"name": "marketing_consent"})
    assert box["type"] == "checkbox" and box.get("checked") is None
    assert "offers and news" in form.find("label", {"for": box["id"]}).get_text()

    client.post(
        SIGNUP_URL,
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
            "marketing_consent": "on",
        },
    )

    consent = MarketingConsent.objects.get(user__username="newbie")
    assert (consent.consented, consent.source) == (True, ConsentSource.SIGNUP)


def test_signing_up_without_the_box_records_no_consent(client, shop):
    client.post(
        SIGNUP_URL,
        {
            "username": "quiet",
            "email": "quiet@example.com",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
        },
    )

    assert MarketingConsent.objects.get(user__username="quiet").consented is False


# ---------------------------------------------------------------------------- download


def test_download_my_data_is_a_json_attachment(logged_in, shopper, shop, product_factory):
    make_order(shop=shop, items=[(product_factory().variants.get(), 1)], user=shopper)

    response = logged_in.post(DATA_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="my-data-')
    assert disposition.endswith('.json"')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["username"] == "shopper"
    assert len(data["orders"]) == 1


# ---------------------------------------------------------------------------- delete


def test_a_wrong_password_changes_nothing(logged_in, shopper):
    response = logged_in.post(DELETE_URL, {"reviews": "delete", "password": "not-my-password"})

    assert response.status_code == 400
    assert "That is not your current password. Nothing was deleted." in text_of(response)
    assert page(response).find("form", action=DELETE_URL) is not None
    assert get_user_model().objects.filter(pk=shopper.pk).exists()
    assert logged_in.get(PRIVACY_URL).status_code == 200  # still logged in


@pytest.mark.parametrize("reviews", [None, "", "keep", "everything"])
def test_a_missing_or_unknown_review_choice_is_refused(logged_in, shopper, reviews):
    data = {"password": PASSWORD}
    if reviews is not None:
        data["reviews"] = reviews

    response = logged_in.post(DELETE_URL, data)

    assert response.status_code == 400
    assert "Choose whether to delete your reviews or keep them anonymously." in text_of(response)
    assert get_user_model().objects.filter(pk=shopper.pk).exists()


def test_deleting_the_account_logs_out_and_says_so_on_the_home_page(logged_in, shopper, shop):
    response = logged_in.post(DELETE_URL, {"reviews": "anonymize", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not get_user_model().objects.filter(pk=shopper.pk).exists()
    home = logged_in.get(response["Location"])
    assert home.status_code == 200
    assert "Your account is deleted." in page(home).select_one(".messages").get_text()
    assert "_auth_user_id" not in logged_in.session
    assert logged_in.get(PRIVACY_URL).status_code == 302


def test_deleting_the_account_from_a_persian_page_lands_on_the_persian_home_page(
    logged_in, shopper, shop
):
    with translation.override("fa"):
        delete_url = reverse("storefront:account_delete")

    response = logged_in.post(delete_url, {"reviews": "anonymize", "password": PASSWORD})

    assert (delete_url, response["Location"]) == ("/fa/account/privacy/delete/", "/fa/")
    home = logged_in.get(response["Location"])
    assert home.status_code == 200
    assert page(home).html["lang"] == "fa"


def test_the_whole_customer_is_deleted_through_the_page(client, customers):
    pat, _olga = customers
    client.force_login(pat.user)

    response = client.post(DELETE_URL, {"reviews": "delete", "password": PASSWORD})

    assert response.status_code == 302
    assert not ProductReview.objects.filter(pk=pat.review.pk).exists()
    order = Order.objects.get(pk=pat.tee_order.pk)
    assert (order.user_id, order.full_name) == (None, "")
    assert PAT.email not in order.email


def test_an_order_on_its_way_keeps_the_account(client, shop, shopper, product_factory):
    order = make_order(shop=shop, items=[(product_factory().variants.get(), 1)], user=shopper)
    client.force_login(shopper)

    response = client.post(DELETE_URL, {"reviews": "delete", "password": PASSWORD})

    assert response.status_code == 409
    assert f"Your order {order.number} has not arrived yet." in text_of(response)
    assert get_user_model().objects.filter(pk=shopper.pk).exists()
    order.refresh_from_db()
    assert order.user_id == shopper.pk


# ---------------------------------------------------------------------------- the admin


@pytest.fixture
def administrator(client):
    admin = make_user("site_admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def admin_delete_url(user) -> str:
    return reverse("wagtailusers_users:delete", args=[user.pk])


def test_deleting_a_customer_in_the_admin_erases_them_as_their_own_deletion(
    administrator, customers
):
    pat, olga = customers
    assert personal_traces(PAT, pat.user.pk), "the scan finds Pat before the deletion"

    response = administrator.post(admin_delete_url(pat.user), follow=True)

    assert response.redirect_chain[-1][0] == reverse("wagtailusers_users:index")
    assert "Customer privacy_pat deleted" in text_of(response)
    assert not get_user_model().objects.filter(pk=pat.user.pk).exists()
    assert personal_traces(PAT, pat.user.pk) == []
    review = ProductReview.objects.get(pk=pat.review.pk)  # kept, anonymously
    assert (review.user_id, review.name) == (None, "Former customer")
    assert Order.objects.filter(pk=pat.tee_order.pk).exists()
    assert personal_traces(OLGA, olga.user.pk), "the other customer's data stays"


def test_a_customer_with_an_order_on_its_way_is_not_deleted_in_the_admin(
    administrator, shop, shopper, product_factory
):
    order = make_order(shop=shop, items=[(product_factory().variants.get(), 1)], user=shopper)

    response = administrator.post(admin_delete_url(shopper), follow=True)

    assert f"Your order {order.number} has not arrived yet." in text_of(response)
    assert "shopper was not deleted" in text_of(response)
    assert get_user_model().objects.filter(pk=shopper.pk).exists()
    order.refresh_from_db()
    assert order.user_id == shopper.pk


def test_a_staff_account_is_deleted_in_the_admin_as_wagtail_deletes_it(administrator, db):
    editor = make_user("editor", is_staff=True)

    administrator.post(admin_delete_url(editor))

    assert not get_user_model().objects.filter(pk=editor.pk).exists()


def test_the_admin_confirmation_page_deletes_nothing(administrator, shopper):
    response = administrator.get(admin_delete_url(shopper))

    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=shopper.pk).exists()
