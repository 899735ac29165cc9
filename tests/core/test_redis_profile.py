"""The scale-out profile keeps sessions and rate-limit counters in Redis, shared by every
app server; these run in the pass with REDIS_URL set."""

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.redis


def test_a_cart_session_started_on_one_server_is_seen_by_another(product_factory):
    product = product_factory(stock=5)
    variant = product.variants.get()
    first_server = Client()
    first_server.post(reverse("storefront:cart_add"), {"variant": variant.pk, "quantity": 2})
    session_id = first_server.cookies[settings.SESSION_COOKIE_NAME].value

    # Another process would open its own connection: a fresh cache handle stands in for it.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    second_server = Client()
    second_server.cookies[settings.SESSION_COOKIE_NAME] = session_id
    response = second_server.get(reverse("storefront:cart"))
    assert response.context["summary"].count == 2
    raw = redis.Redis.from_url(settings.REDIS_URL)
    assert any(session_id.encode() in key for key in raw.keys("*"))


def test_rate_limit_counters_are_shared_through_redis(shop, settings):
    settings.STOREFRONT_RATE_LOGIN = "2/m"
    attempts = [
        Client().post(reverse("storefront:login"), {"username": "x", "password": "y"})
        for _ in range(3)
    ]
    assert [response.status_code for response in attempts] == [200, 200, 429]
    other_process = caches.create_connection("default")
    counters = [key for key in redis.Redis.from_url(settings.REDIS_URL).keys("*") if b"rl:" in key]
    assert counters, "the rate-limit counter must live in Redis"
    assert other_process.get(counters[0].decode().split(":", 2)[-1]) is not None
