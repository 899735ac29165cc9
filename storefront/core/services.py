"""Writes of the core app: a customer's marketing consent, their data and their account, and
the record of the e-mails that went out.

Each app's part of the export and of the deletion is registered in ``storefront.core.privacy``.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from storefront.core import privacy
from storefront.core.models import ConsentSource, MarketingConsent, SentMail
from storefront.core.privacy import ReviewsChoice


class AccountDeletionRefused(ValueError):
    """The account cannot be deleted now; the message says why. Nothing was changed."""


@transaction.atomic
def marketing_consent_set(
    *, user, consented: bool, source: str = ConsentSource.ACCOUNT
) -> MarketingConsent:
    """Record ``user``'s answer to offers and news by e-mail; the time moves when it changes."""
    now = timezone.now()
    consent = MarketingConsent.objects.select_for_update().filter(user=user).first()
    if consent is None:
        try:
            with transaction.atomic():
                return MarketingConsent.objects.create(
                    user=user, consented=consented, source=source, changed_at=now
                )
        except IntegrityError:  # answered meanwhile in another tab
            consent = MarketingConsent.objects.select_for_update().get(user=user)
    if consent.consented != consented:
        consent.consented, consent.source, consent.changed_at = consented, source, now
        consent.save(update_fields=["consented", "source", "changed_at"])
    return consent


@transaction.atomic
def account_data_export(*, user) -> dict[str, Any]:
    """Everything linked to ``user``'s account, one key per section, ready for ``json.dumps``."""
    data: dict[str, Any] = {"generated_at": timezone.now()}
    for section in privacy.registered():
        data[section.name] = section.export(user)
    return privacy.json_ready(data)


@transaction.atomic
def account_delete(*, user, reviews: ReviewsChoice) -> None:
    """Erase every app's part of ``user``, then the user row, in one transaction; raises
    ValueError (bad ``reviews``) or AccountDeletionRefused (staff, open order or return)."""
    if reviews not in privacy.REVIEW_CHOICES:
        raise ValueError(_("Choose whether to delete your reviews or keep them anonymously."))
    user = get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if user is None:  # deleted meanwhile (the same form posted twice)
        return
    if user.is_staff or user.is_superuser:
        raise AccountDeletionRefused(_("Staff accounts are closed by an administrator."))
    sections = privacy.registered()
    for section in sections:
        reason = section.refusal(user) if section.refusal else ""
        if reason:
            raise AccountDeletionRefused(reason)
    for section in reversed(sections):
        if section.erase is not None:
            section.erase(user, reviews=reviews)
    user.delete()


def mail_send_once(*, key: str, build: Callable[[], EmailMessage]) -> bool:
    """Send the message ``build()`` makes unless a mail with ``key`` went out already; returns
    whether it went out now. The key is written in the transaction that sends, so a send that
    raises leaves no key (the task's retry sends again) and two runs at once send once (the
    second waits on the key's unique index, then finds it taken). A worker that dies after
    the mail server took the message but before the commit leaves no key either: its retry
    mails again, once more rather than never (docs/decisions.md)."""
    if SentMail.objects.filter(key=key).exists():
        return False  # before building: a repeated run renders nothing
    message = build()
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentMail.objects.create(key=key, sent_at=timezone.now())
        except IntegrityError:
            return False  # sent meanwhile by another run of the same task
        message.send()
    return True
