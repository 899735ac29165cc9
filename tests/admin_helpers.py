"""Reading the Wagtail admin's answers in tests: the page, a listing's titles, a refusal."""

from bs4 import BeautifulSoup
from django.urls import reverse


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def listed(response) -> set[str]:
    """The texts of a listing's title column."""
    return {span.get_text(strip=True) for span in page(response).select("td.title [id$=_title]")}


def assert_permission_denied(response) -> None:
    """Wagtail's answer to a refused admin action: back to the dashboard with an error
    (requests sent by script get a plain 403 instead)."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
