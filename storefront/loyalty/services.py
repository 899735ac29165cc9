"""Every change of points. Each public service is one transaction that locks the customer's
account row first and writes the ledger entry and the account's figures together; the unique
(account, source, kind) key makes every award, redemption and reversal happen at most once."""

import calendar
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from storefront.core.money import money
from storefront.loyalty.models import (
    EntryKind,
    EntryState,
    ExpiryMode,
    LoyaltyAccount,
    LoyaltySettings,
    PointsEntry,
    loyalty_settings,
)
from storefront.loyalty.rules import (
    RedemptionError,
    period_start,
    points_earned,
    redemption_check,
    tier_standing,
)
from storefront.loyalty.selectors import points_due_to_expire
from storefront.orders.models import Order, OrderStatus

REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ADJUST_PERMISSION = "storefront_loyalty.adjust_points"


class PointsError(ValueError):
    """A points change was refused; nothing was written. The message says why."""


# ---------------------------------------------------------------------------- accounts


def _referral_code() -> str:
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(8))


def account_for(user) -> LoyaltyAccount:
    """The customer's account, opened on first use. Raises PointsError without a customer
    (closed accounts have no user, and no points go to them)."""
    if user is None:
        raise PointsError(_("Points need a customer account."))
    account = LoyaltyAccount.objects.filter(user=user).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return LoyaltyAccount.objects.create(user=user, referral_code=_referral_code())
    except IntegrityError:  # opened meanwhile by another request
        return LoyaltyAccount.objects.get(user=user)


def _locked(account_or_user) -> LoyaltyAccount:
    if isinstance(account_or_user, LoyaltyAccount):
        pk = account_or_user.pk
    else:
        pk = account_for(account_or_user).pk
    return LoyaltyAccount.objects.select_for_update().get(pk=pk)


def _write(
    account: LoyaltyAccount,
    *,
    kind: str,
    state: str,
    points: int,
    source: str,
    reason: str,
    now: datetime,
    order: Order | None = None,
    actor=None,
    spend: Decimal = Decimal(0),
    available_at: datetime | None = None,
) -> PointsEntry | None:
    """Append one entry to a locked account and move its figures; None if the entry exists
    already (the change happened before)."""
    if PointsEntry.objects.filter(account=account, source=source, kind=kind).exists():
        return None
    if points == 0 and spend == 0:
        return None
    entry = PointsEntry.objects.create(
        account=account,
        kind=kind,
        state=state,
        points=points,
        source=source,
        reason=reason,
        order=order,
        actor=actor,
        spend=spend,
        created_at=now,
        available_at=available_at,
    )
    if state == EntryState.AVAILABLE:
        account.balance += points
    else:
        account.pending += points
    if account.balance < 0 or account.pending < 0:
        raise PointsError(_("Not enough points."))
    if kind in (EntryKind.EARN, EntryKind.REDEEM, EntryKind.BONUS):
        account.last_activity_at = now
    account.save(update_fields=["balance", "pending", "last_activity_at"])
    return entry


def _tier_refresh(account: LoyaltyAccount, program: LoyaltySettings, now: datetime) -> None:
    """Recount the spend of the tier period and the tier it reaches (account locked)."""
    entries = PointsEntry.objects.filter(account=account)
    start = period_start(program.tier_period, now)
    if start is not None:
        entries = entries.filter(created_at__gte=start)
    spend = money(entries.aggregate(total=Sum("spend"))["total"] or 0)
    standing = tier_standing(list(program.tiers.all()), spend)
    account.tier_spend = spend
    account.tier_name = standing.tier.name if standing.tier else ""
    account.save(update_fields=["tier_spend", "tier_name"])


def order_earn_base(order: Order) -> Decimal:
    """What an order's points are earned on: the goods after discounts (points included)."""
    return max(money(order.goods_total + min(order.adjustments_total, Decimal(0))), Decimal(0))


# ---------------------------------------------------------------------------- orders


@transaction.atomic
def points_earn_for_order(*, order: Order, now: datetime | None = None) -> PointsEntry | None:
    """Credit the pending points a customer's order earns at their tier before this order;
    they become spendable ``pending_days`` after delivery. Idempotent."""
    program = loyalty_settings()
    if order.user_id is None or not program.enabled:
        return None
    now = now or timezone.now()
    account = _locked(order.user)
    base = order_earn_base(order)
    # The stored spend may belong to a period that has ended (a new calendar year, spend
    # older than twelve months): count the period as of this order before using it.
    _tier_refresh(account, program, now)
    standing = tier_standing(list(program.tiers.all()), account.tier_spend)
    entry = _write(
        account,
        kind=EntryKind.EARN,
        state=EntryState.PENDING,
        points=points_earned(program, base=base, multiplier=standing.multiplier),
        source=f"order:{order.pk}",
        reason=_("Order %(number)s") % {"number": order.number},
        order=order,
        spend=base,
        now=now,
    )
    _tier_refresh(account, program, now)
    return entry


@transaction.atomic
def points_schedule_for_delivery(*, order: Order) -> None:
    """Start the pending period of an order's points at its delivery."""
    program = loyalty_settings()
    delivered = order.delivered_at or timezone.now()
    # The earn and any pending reversal of it (a partial refund) mature together.
    PointsEntry.objects.filter(
        order=order, state=EntryState.PENDING, available_at__isnull=True
    ).update(available_at=delivered + timedelta(days=program.pending_days))


def points_redeem(
    *, order: Order, points: int, goods_total: Decimal, now: datetime | None = None
) -> PointsEntry:
    """Debit the points spent on ``order`` inside ``order_place``'s transaction; raises
    RedemptionError when the rules refuse them or the balance is short."""
    program = loyalty_settings()
    account = _locked(order.user)
    redemption_check(program, points=points, balance=account.balance, goods_total=goods_total)
    entry = _write(
        account,
        kind=EntryKind.REDEEM,
        state=EntryState.AVAILABLE,
        points=-points,
        source=f"order:{order.pk}",
        reason=_("Spent on order %(number)s") % {"number": order.number},
        order=order,
        now=now or timezone.now(),
    )
    if entry is None:
        raise RedemptionError(_("These points were already spent on this order."))
    return entry


@transaction.atomic
def points_cancel_order(*, order: Order, now: datetime | None = None) -> None:
    """A cancelled order gives back its redeemed points and cancels its pending earn."""
    if order.user_id is None:
        return
    program = loyalty_settings()
    now = now or timezone.now()
    account = _locked(order.user)
    label = {"number": order.number}
    for entry in PointsEntry.objects.filter(account=account, order=order).order_by("pk"):
        if entry.kind == EntryKind.REDEEM:
            _write(
                account,
                kind=EntryKind.REVERSE,
                state=EntryState.AVAILABLE,
                points=-entry.points,
                source=f"order:{order.pk}:redeemed",
                reason=_("Points given back: order %(number)s cancelled") % label,
                order=order,
                now=now,
            )
        elif entry.kind == EntryKind.EARN:
            _write(
                account,
                kind=EntryKind.REVERSE,
                state=entry.state,
                available_at=entry.available_at,
                points=-entry.points,
                source=f"order:{order.pk}:earned",
                reason=_("Order %(number)s cancelled") % label,
                order=order,
                spend=-entry.spend,
                now=now,
            )
    _tier_refresh(account, program, now)


@transaction.atomic
def points_reverse_for_refund(
    *, order: Order, key: str, amount: Decimal, lines: Sequence = (), now: datetime | None = None
) -> list[PointsEntry]:
    """A refund of ``amount`` (of the order's goods after discounts) takes back the points
    earned on that share and gives back the same share of the points spent on the order.
    ``key`` names the refund (e.g. its RMA number): the same key twice changes nothing."""
    if order.user_id is None:
        return []
    base = order_earn_base(order)
    if amount <= 0 or base <= 0:
        raise PointsError(_("A refund must be of a positive amount."))
    if amount > base:
        raise PointsError(_("A refund cannot be larger than what the order's goods cost."))
    program = loyalty_settings()
    now = now or timezone.now()
    account = _locked(order.user)
    share = Decimal(amount) / base
    entries = PointsEntry.objects.filter(account=account, order=order)
    earned = entries.filter(kind=EntryKind.EARN).first()
    redeemed = entries.filter(kind=EntryKind.REDEEM).first()
    written = []
    label = {"number": order.number}
    taken_before = -sum(
        entries.filter(kind=EntryKind.REVERSE, source__endswith=":earned").values_list(
            "points", flat=True
        )
    )
    given_before = sum(
        entries.filter(kind=EntryKind.REVERSE, source__endswith=":redeemed").values_list(
            "points", flat=True
        )
    )
    if earned is not None:
        # Several partial refunds never take back more than the order earned.
        take = min(int((earned.points * share).to_integral_value()), earned.points - taken_before)
        state = earned.state
        if state == EntryState.AVAILABLE and take > account.balance:
            take = account.balance  # already spent: the shop does not chase them
        written.append(
            _write(
                account,
                kind=EntryKind.REVERSE,
                state=state,
                available_at=earned.available_at,
                points=-take,
                source=f"refund:{key}:earned",
                reason=_("Refund on order %(number)s") % label,
                order=order,
                spend=-money(amount),
                now=now,
            )
        )
    if redeemed is not None:
        give = min(
            int((-redeemed.points * share).to_integral_value()), -redeemed.points - given_before
        )
        written.append(
            _write(
                account,
                kind=EntryKind.REVERSE,
                state=EntryState.AVAILABLE,
                points=give,
                source=f"refund:{key}:redeemed",
                reason=_("Points given back for a refund on order %(number)s") % label,
                order=order,
                now=now,
            )
        )
    _tier_refresh(account, program, now)
    return [entry for entry in written if entry is not None]


# ---------------------------------------------------------------------------- time


def points_mature(*, now: datetime | None = None) -> int:
    """Make pending points spendable once their pending period is over; returns how many
    entries matured. Safe to run repeatedly."""
    now = now or timezone.now()
    matured = 0
    due = PointsEntry.objects.filter(state=EntryState.PENDING, available_at__lte=now)
    for account_id in sorted(set(due.values_list("account_id", flat=True))):
        with transaction.atomic():
            account = LoyaltyAccount.objects.select_for_update().get(pk=account_id)
            entries = list(
                PointsEntry.objects.filter(
                    account=account, state=EntryState.PENDING, available_at__lte=now
                )
            )
            moved = sum(entry.points for entry in entries)
            PointsEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
                state=EntryState.AVAILABLE
            )
            account.pending -= moved
            account.balance += moved
            account.save(update_fields=["pending", "balance"])
            matured += len(entries)
    return matured


def points_expire(*, now: datetime | None = None) -> int:
    """Expire what the program's expiry rule says is due; returns the points expired. Safe to
    run twice a day (one entry per account and day)."""
    program = loyalty_settings()
    if program.expiry_mode == ExpiryMode.NEVER:
        return 0
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(30.44 * program.expiry_months))
    expired = 0
    for account_id in LoyaltyAccount.objects.filter(balance__gt=0).values_list("pk", flat=True):
        with transaction.atomic():
            account = LoyaltyAccount.objects.select_for_update().get(pk=account_id)
            due = points_due_to_expire(account, program, cutoff)
            if due <= 0:
                continue
            entry = _write(
                account,
                kind=EntryKind.EXPIRE,
                state=EntryState.AVAILABLE,
                points=-due,
                source=f"expire:{now.date().isoformat()}",
                reason=_("Points expired"),
                now=now,
            )
            expired += due if entry else 0
    return expired


# ---------------------------------------------------------------------------- bonuses, staff


@transaction.atomic
def points_bonus(
    *, user, points: int, source: str, reason: str, now: datetime | None = None
) -> PointsEntry | None:
    """Award a bonus once per ``source`` (e.g. "signup", "review:12", "birthday:2026")."""
    if points <= 0 or not loyalty_settings().enabled:
        return None
    return _write(
        _locked(user),
        kind=EntryKind.BONUS,
        state=EntryState.AVAILABLE,
        points=points,
        source=source,
        reason=reason,
        now=now or timezone.now(),
    )


@transaction.atomic
def points_adjust(*, account: LoyaltyAccount, points: int, reason: str, actor) -> PointsEntry:
    """A staff correction of a balance, with its reason and author. Raises PointsError for a
    missing reason, zero points, a non-staff actor or a balance that would go negative."""
    if actor is None or not actor.is_staff or not actor.has_perm(ADJUST_PERMISSION):
        raise PointsError(_("Only staff may adjust points."))
    if not reason.strip():
        raise PointsError(_("Say why the balance is adjusted."))
    if points == 0:
        raise PointsError(_("Adjust by a number of points other than zero."))
    account = _locked(account)
    if account.is_closed:
        raise PointsError(_("This account was closed by its customer."))
    if account.balance + points < 0:
        raise PointsError(
            _("The balance is %(balance)d; it cannot go below zero.") % {"balance": account.balance}
        )
    return _write(
        account,
        kind=EntryKind.ADJUST,
        state=EntryState.AVAILABLE,
        points=points,
        source=f"adjust:{uuid.uuid4().hex}",
        reason=reason.strip()[:255],
        actor=actor,
        now=timezone.now(),
    )


def birthday_set(*, user, birthday, actor=None) -> bool:
    """The customer gives their birthday once (False if it was given already); staff with
    the adjust permission may change or clear it at any time."""
    account = account_for(user)
    if actor is not None:
        if not actor.is_staff or not actor.has_perm(ADJUST_PERMISSION):
            raise PointsError(_("Only staff may change a birthday."))
        return bool(LoyaltyAccount.objects.filter(pk=account.pk).update(birthday=birthday))
    if birthday is None:
        raise PointsError(_("Give a date."))
    # A conditional update: two tabs posting at once cannot both set it.
    return bool(
        LoyaltyAccount.objects.filter(pk=account.pk, birthday__isnull=True).update(
            birthday=birthday
        )
    )


@transaction.atomic
def referral_accept(*, user, code: str) -> bool:
    """Record who referred a new customer (from their personal link); False when the code
    is unknown, their own, or the customer was referred or has ordered already."""
    referrer = LoyaltyAccount.objects.filter(
        referral_code=code.strip().upper(), user__isnull=False
    ).first()
    account = _locked(user)
    if referrer is None or referrer.pk == account.pk or account.referred_by_id is not None:
        return False
    if Order.objects.filter(user=user).exists():
        return False
    account.referred_by = referrer
    account.save(update_fields=["referred_by"])
    return True


def referral_reward(*, order: Order) -> None:
    """After a referred customer's first delivered order, both sides get their bonus."""
    if order.user_id is None:
        return
    account = LoyaltyAccount.objects.filter(user_id=order.user_id).first()
    if account is None or account.referred_by_id is None:
        return
    delivered = Order.objects.filter(
        user_id=order.user_id, status__in=(OrderStatus.DELIVERED, OrderStatus.COMPLETED)
    ).exclude(pk=order.pk)
    if delivered.exists():
        return
    program = loyalty_settings()
    referrer_user = LoyaltyAccount.objects.get(pk=account.referred_by_id).user
    points_bonus(
        user=order.user,
        points=program.referred_bonus,
        source="referral",
        reason=_("Welcome bonus for joining through a friend"),
    )
    if referrer_user is None:  # the friend deleted their account since
        return
    points_bonus(
        user=referrer_user,
        points=program.referrer_bonus,
        source=f"referral:{account.pk}",
        reason=_("Thank you for referring a friend"),
    )


def birthday_bonuses(*, now: datetime | None = None) -> int:
    """Give this year's birthday bonus to customers whose birthday is today (those born on
    29 February get it on the 28th in other years)."""
    now = now or timezone.now()
    program = loyalty_settings()
    if not program.birthday_bonus:
        return 0
    given = 0
    today = Q(birthday__month=now.month, birthday__day=now.day)
    if (now.month, now.day) == (2, 28) and not calendar.isleap(now.year):
        today |= Q(birthday__month=2, birthday__day=29)
    for account in LoyaltyAccount.objects.filter(today).select_related("user"):
        given += bool(
            points_bonus(
                user=account.user,
                points=program.birthday_bonus,
                source=f"birthday:{now.year}",
                reason=_("Happy birthday!"),
                now=now,
            )
        )
    return given


def tiers_refresh(*, now: datetime | None = None) -> int:
    """Recount the tier of every account with spend or a tier, so a new calendar year (or
    spend leaving a rolling year) shows without waiting for the customer's next order.
    Returns how many accounts changed tier."""
    now = now or timezone.now()
    program = loyalty_settings()
    changed = 0
    accounts = LoyaltyAccount.objects.exclude(tier_spend=0, tier_name="")
    for account_id in accounts.values_list("pk", flat=True):
        with transaction.atomic():
            account = LoyaltyAccount.objects.select_for_update().get(pk=account_id)
            before = account.tier_name
            _tier_refresh(account, program, now)
            changed += account.tier_name != before
    return changed


@transaction.atomic
def loyalty_account_close(*, user, now: datetime | None = None) -> LoyaltyAccount | None:
    """The customer deletes their account: every point left is forfeited with one ledger entry
    (pending points first become final, so none matures later), and the account and its
    ledger stay for the books without the customer, birthday, referrer or a usable referral
    code. Under the account's row lock; idempotent. None when they had no account."""
    account = LoyaltyAccount.objects.filter(user=user).first() if user is not None else None
    if account is None:
        return None
    account = _locked(account)
    now = now or timezone.now()
    pending = PointsEntry.objects.filter(account=account, state=EntryState.PENDING)
    moved = pending.aggregate(total=Sum("points"))["total"] or 0
    pending.update(state=EntryState.AVAILABLE)
    account.balance += moved
    account.pending -= moved
    account.save(update_fields=["balance", "pending"])
    _write(
        account,
        kind=EntryKind.FORFEIT,
        state=EntryState.AVAILABLE,
        points=-account.balance,
        source="account-closed",
        reason=_("Points forfeited: the customer deleted their account"),
        now=now,
    )
    account.user = None
    account.birthday = None
    account.referred_by = None
    # Outside the alphabet of real codes, so no link can ever name it.
    account.referral_code = f"closed-{secrets.token_hex(4)}"
    account.save(update_fields=["user", "birthday", "referred_by", "referral_code"])
    return account


def ledger_consistent(account: LoyaltyAccount) -> bool:
    """True when the account's figures equal the sums of its entries (for checks and tests)."""
    sums = PointsEntry.objects.filter(account=account).aggregate(
        available=Sum("points", filter=Q(state=EntryState.AVAILABLE)),
        pending=Sum("points", filter=Q(state=EntryState.PENDING)),
    )
    account.refresh_from_db()
    return account.balance == (sums["available"] or 0) and account.pending == (sums["pending"] or 0)


def points_daily_run(*, now: datetime | None = None) -> dict[str, int]:
    """The daily run: due pending points become spendable, tiers follow spend that left the
    period, birthday bonuses are given, and points past their expiry expire. Safe to run
    twice."""
    return {
        "matured": points_mature(now=now),
        "tiers": tiers_refresh(now=now),
        "birthdays": birthday_bonuses(now=now),
        "expired": points_expire(now=now),
    }
