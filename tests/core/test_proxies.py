"""The client's address behind load balancers: the per-address rate limits count each
shopper, not the proxy, and a client cannot choose the address it is counted under."""

import pytest
from django.urls import reverse

from storefront.core.proxies import forwarded_client

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("storefront:login")
WRONG = {"username": "nobody", "password": "wrong-password"}


def attempts(client, forwarded_for: str, count: int) -> list[int]:
    return [
        client.post(LOGIN_URL, WRONG, HTTP_X_FORWARDED_FOR=forwarded_for).status_code
        for _ in range(count)
    ]


@pytest.fixture
def behind_one_proxy(settings, shop):
    settings.STOREFRONT_TRUSTED_PROXIES = 1
    settings.STOREFRONT_RATE_LOGIN = "2/m"


def test_behind_a_proxy_each_client_address_has_its_own_limit(client, behind_one_proxy):
    assert attempts(client, "198.51.100.1", 3) == [200, 200, 429]
    # Same proxy (REMOTE_ADDR), another shopper: not held back by the first one's attempts.
    assert attempts(client, "198.51.100.2", 2) == [200, 200]


def test_a_client_cannot_escape_its_limit_by_writing_the_header_itself(client, behind_one_proxy):
    # The proxy appends the address it saw; whatever the client wrote stays on the left.
    statuses = [
        client.post(LOGIN_URL, WRONG, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7").status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_without_trusted_proxies_the_header_is_ignored(client, settings, shop):
    settings.STOREFRONT_RATE_LOGIN = "2/m"  # STOREFRONT_TRUSTED_PROXIES is 0 by default

    statuses = [
        client.post(LOGIN_URL, WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("header", "proxies", "client_address"),
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        ("203.0.113.9, 10.1.2.3", 1, "10.1.2.3"),
        ("203.0.113.9, 10.1.2.3", 2, "203.0.113.9"),
        (" 2001:db8::1 ,10.1.2.3", 2, "2001:db8::1"),
        ("10.1.2.3", 2, None),  # fewer hops than proxies: the header is not the proxies'
        ("", 1, None),
        ("not-an-address", 1, None),
        ("203.0.113.9", 0, None),
    ],
)
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(header, proxies, client_address):
    assert forwarded_client(header, proxies) == client_address
