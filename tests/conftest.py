"""Shared test setup: service markers, a fresh cache per test, and the shop fixtures."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import ShopTree, make_product, make_shop

IN_CI = os.environ.get("CI", "").lower() == "true"


def _uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _uses_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL or Redis run in the pass that has them (``.ci/run`` runs
    the suite a second time with DATABASE_URL and REDIS_URL); the SQLite pass deselects
    them and says so, it never silently skips them."""
    needs = {"postgres": _uses_postgres(), "redis": _uses_redis()}
    kept, deselected = [], []
    for item in items:
        missing = [
            name for name, present in needs.items() if item.get_closest_marker(name) and not present
        ]
        (deselected if missing else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
        config._storefront_deselected = len(deselected)


def pytest_terminal_summary(terminalreporter, config):
    count = getattr(config, "_storefront_deselected", 0)
    if count:
        terminalreporter.write_line(
            f"{count} test(s) need PostgreSQL or Redis and run in the pass with "
            "DATABASE_URL=postgres://... and REDIS_URL=redis://... (see README)."
        )


def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") and not shutil.which(
        os.environ.get("CHROMIUM", "chromium")
    ):
        message = "Chromium is not installed (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{message}: browser tests must run in CI.")
        pytest.skip(message)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the migrated database's serialized contents on the connection class as well.

    Transactional tests (``serialized_rollback=True``) restore the page tree, locale and
    collections from them after the flush of the previous transactional test. Playwright's
    sync API leaves the main thread with a fresh connection object afterwards, which would
    lack the instance attribute and silently restore nothing."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        if hasattr(connection, "_test_serialized_contents"):
            type(connection)._test_serialized_contents = connection._test_serialized_contents
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached settings must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in Persian leaves Persian active in the test's thread; start and end each
    test in the site's default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


@pytest.fixture
def shop(db) -> ShopTree:
    """A published shop: home page, catalogue, two categories, three shipping methods."""
    return make_shop()


@pytest.fixture
def product_factory(shop):
    """``product_factory(title=..., price=..., stock=..., variants=[...])`` → live product."""

    def build(**kwargs):
        kwargs.setdefault("index", shop.index)
        return make_product(**kwargs)

    return build
