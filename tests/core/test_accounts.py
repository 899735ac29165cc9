"""Customer accounts: sign up, log in and out, reset a forgotten password, rate limits."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import make_user

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("storefront:signup")
LOGIN_URL = reverse("storefront:login")
LOGOUT_URL = reverse("storefront:logout")
ACCOUNT_URL = reverse("storefront:account")
PASSWORD = "pass-1234-word"

SIGNUP = {
    "username": "ada",
    "email": "ada@example.com",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "password1": "correct-horse-battery",
    "password2": "correct-horse-battery",
}


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def field_errors(response, name) -> list[str]:
    return [li.get_text(strip=True) for li in page(response).select(f"#id_{name}_error li")]


def logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


@pytest.fixture
def customer(shop):
    return make_user("ada", password=PASSWORD)


# ---------------------------------------------------------------------------- sign up


def test_signing_up_creates_the_account_and_logs_in(client, shop):
    response = client.post(SIGNUP_URL, SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT_URL
    user = get_user_model().objects.get(username="ada")
    assert (user.email, user.first_name, user.last_name) == ("ada@example.com", "Ada", "Lovelace")
    assert user.check_password("correct-horse-battery")
    assert logged_in_user(client) == user


def test_signing_up_welcomes_the_new_customer(client, shop):
    response = client.post(SIGNUP_URL, SIGNUP, follow=True)

    assert "Welcome! Your account is ready." in page(response).select_one(".messages").get_text()
    assert page(response).h1.get_text(strip=True) == "Hello, Ada Lovelace"


def test_signing_up_goes_on_to_the_next_page(client, shop):
    response = client.post(SIGNUP_URL, {**SIGNUP, "next": "/checkout/"})

    assert response["Location"] == "/checkout/"


def test_signing_up_with_a_taken_email_is_refused(client, shop):
    make_user("grace", email="ADA@example.com")

    response = client.post(SIGNUP_URL, SIGNUP)

    assert response.status_code == 200
    assert field_errors(response, "email") == ["An account with this e-mail already exists."]
    assert not get_user_model().objects.filter(username="ada").exists()
    assert logged_in_user(client) is None


def test_signing_up_with_a_taken_username_is_refused(client, shop):
    make_user("ada", email="someone@example.com")

    response = client.post(SIGNUP_URL, SIGNUP)

    assert response.status_code == 200
    assert field_errors(response, "username") == ["A user with that username already exists."]
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("password", "This password is too common."),
        ("x7!", "This password is too short. It must contain at least 8 characters."),
        ("48205719364", "This password is entirely numeric."),
    ],
)
def test_signing_up_with_a_weak_password_is_refused(client, shop, password, error):
    response = client.post(SIGNUP_URL, {**SIGNUP, "password1": password, "password2": password})

    assert response.status_code == 200
    assert error in field_errors(response, "password2")
    assert not get_user_model().objects.exists()


def test_signing_up_with_mismatched_passwords_is_refused(client, shop):
    response = client.post(SIGNUP_URL, {**SIGNUP, "password2": "another-horse-battery"})

    assert response.status_code == 200
    assert field_errors(response, "password2") == ["The two password fields didn’t match."]
    assert not get_user_model().objects.exists()


def test_the_signup_page_sends_a_logged_in_customer_to_the_account(client, customer):
    client.force_login(customer)

    response = client.get(SIGNUP_URL)

    assert response["Location"] == ACCOUNT_URL


# ---------------------------------------------------------------------------- log in / out


def test_logging_in_with_the_right_password(client, customer):
    response = client.post(LOGIN_URL, {"username": "ada", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT_URL
    assert logged_in_user(client) == customer


def test_logging_in_goes_on_to_the_next_page(client, customer):
    response = client.post(
        LOGIN_URL, {"username": "ada", "password": PASSWORD, "next": "/checkout/"}
    )

    assert response["Location"] == "/checkout/"


def test_logging_in_never_redirects_off_site(client, customer):
    response = client.post(
        LOGIN_URL, {"username": "ada", "password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response["Location"] == ACCOUNT_URL


def test_logging_in_with_a_wrong_password_is_refused(client, customer):
    response = client.post(LOGIN_URL, {"username": "ada", "password": "wrong-password"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in (
        page(response).select_one(".errorlist").get_text()
    )
    assert logged_in_user(client) is None


def test_logging_out_needs_a_post(client, customer):
    client.force_login(customer)

    response = client.get(LOGOUT_URL)

    assert response.status_code == 405
    assert logged_in_user(client) == customer


def test_logging_out(client, customer):
    client.force_login(customer)

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user(client) is None


def test_logging_out_of_a_persian_page_stays_in_persian(client, customer):
    client.force_login(customer)
    with translation.override("fa"):
        logout_url = reverse("storefront:logout")

    response = client.post(logout_url)

    assert (logout_url, response["Location"]) == ("/fa/account/logout/", "/fa/")
    assert logged_in_user(client) is None


def test_the_account_page_needs_a_login(client, shop):
    response = client.get(ACCOUNT_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={ACCOUNT_URL}"


# ---------------------------------------------------------------------------- password reset


def reset_link(email) -> str:
    """The path of the reset link in a password reset e-mail."""
    match = re.search(r"https?://[^/\s]+(/\S+/reset/\S+/\S+/)", email.body)
    assert match, email.body
    return match.group(1)


def test_password_reset_emails_a_link(client, customer):
    response = client.post(reverse("storefront:password_reset"), {"email": "ada@example.com"})

    assert response["Location"] == reverse("storefront:password_reset_done")
    [email] = mail.outbox
    assert email.to == ["ada@example.com"]
    assert email.subject == "Reset your password"
    path = reset_link(email)
    assert path.startswith("/account/reset/")


def test_password_reset_for_an_unknown_email_sends_nothing(client, customer):
    response = client.post(reverse("storefront:password_reset"), {"email": "nobody@example.com"})

    assert response["Location"] == reverse("storefront:password_reset_done")
    assert mail.outbox == []


def test_the_reset_link_sets_a_new_password_that_works(client, customer):
    client.post(reverse("storefront:password_reset"), {"email": "ada@example.com"})
    link = reset_link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert page(form_page).find("input", attrs={"name": "new_password1"})
    saved = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret", "new_password2": "a-brand-new-secret"},
    )

    assert saved["Location"] == reverse("storefront:password_reset_complete")
    customer.refresh_from_db()
    assert customer.check_password("a-brand-new-secret")
    assert not customer.check_password(PASSWORD)
    logged_in = client.post(LOGIN_URL, {"username": "ada", "password": "a-brand-new-secret"})
    assert logged_in.status_code == 302
    assert logged_in_user(client) == customer


def test_a_reset_link_works_only_once(client, customer):
    client.post(reverse("storefront:password_reset"), {"email": "ada@example.com"})
    link = reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret", "new_password2": "a-brand-new-secret"},
    )

    again = client.get(link, follow=True)

    assert "This link is invalid or was already used." in page(again).get_text()
    assert page(again).find("input", attrs={"name": "new_password1"}) is None


def test_a_forged_reset_link_is_refused(client, customer):
    response = client.get(
        reverse("storefront:password_reset_confirm", args=["MQ", "forged-token"]), follow=True
    )

    assert "This link is invalid or was already used." in page(response).get_text()


# ---------------------------------------------------------------------------- rate limits


def test_login_attempts_beyond_the_rate_are_refused(client, customer, settings):
    settings.STOREFRONT_RATE_LOGIN = "3/m"
    wrong = {"username": "ada", "password": "wrong-password"}
    for _ in range(3):
        assert client.post(LOGIN_URL, wrong).status_code == 200

    response = client.post(LOGIN_URL, {"username": "ada", "password": PASSWORD})

    assert response.status_code == 429
    assert page(response).h1.get_text(strip=True) == "Too many requests"
    assert logged_in_user(client) is None


def test_showing_the_login_page_is_not_rate_limited(client, customer, settings):
    settings.STOREFRONT_RATE_LOGIN = "3/m"

    statuses = {client.get(LOGIN_URL).status_code for _ in range(5)}

    assert statuses == {200}


def test_signups_beyond_the_rate_are_refused(client, shop, settings):
    settings.STOREFRONT_RATE_SIGNUP = "2/m"
    for n in range(2):
        client.post(SIGNUP_URL, {**SIGNUP, "username": f"user{n}", "email": f"u{n}@example.com"})
        client.post(LOGOUT_URL)

    response = client.post(SIGNUP_URL, SIGNUP)

    assert response.status_code == 429
    assert "Too many requests" in page(response).get_text()
    assert not get_user_model().objects.filter(username="ada").exists()


def test_password_reset_requests_beyond_the_rate_send_no_more_mail(client, customer, settings):
    settings.STOREFRONT_RATE_PASSWORD_RESET = "2/m"
    url = reverse("storefront:password_reset")
    for _ in range(2):
        assert client.post(url, {"email": customer.email}).status_code == 302

    response = client.post(url, {"email": customer.email})

    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_sign_up_never_redirects_to_another_site(client, shop):
    response = client.post(SIGNUP_URL, {**SIGNUP, "next": "https://evil.example/steal"})

    assert response.status_code == 302
    assert response["Location"] == reverse("storefront:account")


def test_sign_up_returns_to_the_page_the_shopper_came_from(client, shop):
    response = client.post(SIGNUP_URL, {**SIGNUP, "next": "/checkout/"})

    assert response["Location"] == "/checkout/"
