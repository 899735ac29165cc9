"""``STOREFRONT_REPORTS_DATABASE``: the reports, their exports, the export command and the
admin home's figures read the database alias it names (a read replica in production).

The test settings define a single alias, ``default`` (``reports`` exists only when
``REPORTS_DATABASE_URL`` is set), so no test can read a real second database. Instead the
setting names an alias that does not exist: every reader then fails with Django's
ConnectionDoesNotExist for that alias, which shows it asks for that alias and no other."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.connection import ConnectionDoesNotExist

from storefront.insights.selectors import reports_db
from tests.insights.conftest import REPORT_SLUGS, report_url

pytestmark = pytest.mark.django_db

MISSING = "replica-that-is-not-configured"


@pytest.fixture
def missing_reports_database(settings):
    assert MISSING not in settings.DATABASES
    settings.STOREFRONT_REPORTS_DATABASE = MISSING


@pytest.mark.parametrize("slug", REPORT_SLUGS)
def test_the_report_reads_the_configured_alias(reader, missing_reports_database, slug):
    with pytest.raises(ConnectionDoesNotExist, match=MISSING):
        reader.get(report_url(slug))


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_exports_read_the_configured_alias(reader, missing_reports_database, export):
    with pytest.raises(ConnectionDoesNotExist, match=MISSING):
        reader.get(report_url("preferences", export=export))


def test_the_export_command_reads_the_configured_alias(missing_reports_database, tmp_path):
    with pytest.raises(ConnectionDoesNotExist, match=MISSING):
        call_command("storefront_export_report", "loyalty", str(tmp_path / "loyalty.csv"))
    assert not (tmp_path / "loyalty.csv").exists()


def test_the_admin_home_figures_read_the_configured_alias(reader, missing_reports_database):
    with pytest.raises(ConnectionDoesNotExist, match=MISSING):
        reader.get(reverse("wagtailadmin_home"))


def test_the_default_alias_is_read_when_nothing_is_configured(settings):
    del settings.STOREFRONT_REPORTS_DATABASE

    assert reports_db() == "default"
