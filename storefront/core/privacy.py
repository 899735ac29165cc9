"""What the shop holds about a customer: the registry behind "Download my data" and "Delete
my account".

core may not import the apps above it, so each app registers its own *sections* in its
``AppConfig.ready()`` (as higher apps fill the orders app's checkout-adjuster registry). A
section has a name (its key in the exported JSON), ``export(user)`` (what the app holds about
the customer, in plain Python values), ``erase(user, *, reviews)`` (delete or anonymize it,
inside ``account_delete``'s transaction) and ``refusal(user)`` (why the account cannot be
deleted yet, or ""). Their functions live in each app's ``privacy.py``.

Exports run in registration order; erasers in the reverse order. Django calls ``ready()`` in
``INSTALLED_APPS`` order, where the storefront apps follow their dependency order, so an app
erases its part before the apps it builds on do (returns and points before orders, the cart
before designs) and the user row goes last.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.apps import apps
from django.db import transaction
from django.utils.functional import Promise

from storefront.core.models import MarketingConsent

ReviewsChoice = Literal["delete", "anonymize"]
REVIEW_CHOICES: tuple[str, ...] = ("delete", "anonymize")

# Addresses in the reserved .invalid domain never resolve (RFC 2606): nothing reaches them.
ERASED_EMAIL_DOMAIN = "invalid"


@dataclass(frozen=True)
class PrivacySection:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[..., None] | None = None
    refusal: Callable[[Any], str] | None = None


_sections: list[PrivacySection] = []


def register(*sections: PrivacySection) -> None:
    """Add sections once each (``ready()`` may run more than once in tests)."""
    for section in sections:
        if all(existing.name != section.name for existing in _sections):
            _sections.append(section)


def registered() -> list[PrivacySection]:
    """The sections in export order; erase in the reverse order."""
    return list(_sections)


def erased_email() -> str:
    """A fresh address standing for a deleted customer in the records kept for the books."""
    return f"deleted-{secrets.token_hex(6)}@{ERASED_EMAIL_DOMAIN}"


def is_erased_email(email: str) -> bool:
    """True for an address written by ``erased_email``: nothing is ever sent to it."""
    return email.lower().endswith(f"@{ERASED_EMAIL_DOMAIN}")


def pseudonym() -> str:
    """A fresh random id, like the visitor ids browsers make up, linked to nobody."""
    return secrets.token_urlsafe(16)


def json_ready(value: Any) -> Any:
    """``value`` with times as ISO 8601, amounts as strings and lazy texts as text, so that
    ``json.dumps`` takes it as it is."""
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_ready(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | Promise):
        return str(value)
    return value


# ---------------------------------------------------------------------------- core's part


def profile_export(user) -> dict[str, Any]:
    data = {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }
    profile = _wagtail_profile(user)
    if profile is not None:
        data["preferred_language"] = profile.preferred_language
        data["time_zone"] = profile.current_time_zone
    return data


def profile_erase(user, *, reviews: str) -> None:
    # Wagtail's profile row goes with the user row; its avatar file would stay in storage.
    profile = _wagtail_profile(user)
    if profile is not None and profile.avatar:
        storage, name = profile.avatar.storage, profile.avatar.name
        transaction.on_commit(lambda: storage.delete(name))


def _wagtail_profile(user):
    if not apps.is_installed("wagtail.users"):
        return None
    from wagtail.users.models import UserProfile

    return UserProfile.objects.filter(user=user).first()


def marketing_consent_export(user) -> dict[str, Any] | None:
    consent = MarketingConsent.objects.filter(user=user).first()
    if consent is None:
        return None
    return {
        "consented": consent.consented,
        "answered_on": consent.source,
        "changed_at": consent.changed_at,
    }


def marketing_consent_erase(user, *, reviews: str) -> None:
    MarketingConsent.objects.filter(user=user).delete()


SECTIONS = (
    PrivacySection("profile", export=profile_export, erase=profile_erase),
    PrivacySection(
        "marketing_consent", export=marketing_consent_export, erase=marketing_consent_erase
    ),
)
