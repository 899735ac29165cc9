"""The load balancer's health check: 200 when the app server can use its database and cache,
503 naming what fails, never cached."""

import pytest
from django.db import OperationalError

import storefront.core.views

pytestmark = pytest.mark.django_db

URL = "/health/"


def test_a_healthy_server_answers_200(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_a_server_without_its_cache_answers_503(client, settings):
    # A Redis nobody listens on: the real client's connection error.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable"}


def test_a_server_without_its_database_answers_503(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(storefront.core.views, "connection", Unreachable())

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "cache": "ok"}


def test_the_health_check_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]

    assert client.get(URL).status_code == 200
    assert client.get("/cart/").status_code == 301
