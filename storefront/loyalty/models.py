"""Loyalty points: the program rules (a site setting with its tiers), each customer's account
and its append-only ledger of entries.

The account's ``balance`` (spendable) and ``pending`` figures are changed only by the services,
in the transaction that writes the entry, under the account's row lock; they always equal the
sums of the account's available and pending entries.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from storefront.core.models import default_site
from storefront.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from storefront.orders.models import Order


class Rounding(models.TextChoices):
    DOWN = "down", _("Round down (12.9 → 12)")
    HALF_UP = "half_up", _("Round to nearest (12.5 → 13)")
    UP = "up", _("Round up (12.1 → 13)")


class SpendPeriod(models.TextChoices):
    CALENDAR_YEAR = "calendar_year", _("This calendar year")
    ROLLING_YEAR = "rolling_year", _("The last 12 months")
    LIFETIME = "lifetime", _("Since the customer joined")


class ExpiryMode(models.TextChoices):
    NEVER = "never", _("Points never expire")
    AFTER_EARNING = "after_earning", _("A set number of months after they were earned")
    AFTER_INACTIVITY = "after_inactivity", _("After that many months without earning or spending")


@register_setting(icon="pick")
class LoyaltySettings(ClusterableModel, BaseSiteSetting):
    """The loyalty program, as the editor sets it up."""

    enabled = models.BooleanField(_("loyalty program on"), default=True)
    points_per_unit = models.DecimalField(
        _("points per 1.00 spent"),
        # Six places: a 0-decimal currency such as IRR earns e.g. 1 point per 1,000,000.
        max_digits=12,
        decimal_places=6,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Counted on the goods after discounts, not on shipping."),
    )
    rounding = models.CharField(
        _("rounding of earned points"), max_length=10, choices=Rounding.choices, default="down"
    )
    redeem_step_points = models.PositiveIntegerField(
        _("points per redemption step"),
        default=100,
        validators=[MinValueValidator(1)],
        help_text=_("Points are spent in steps of this many points, e.g. 100."),
    )
    redeem_step_value = models.DecimalField(
        _("value of one step"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("What one step takes off the order, e.g. 5.00 for 100 points."),
    )
    redeem_minimum_points = models.PositiveIntegerField(_("fewest points spent at once"), default=0)
    redeem_max_share = models.PositiveSmallIntegerField(
        _("largest share of the goods paid with points (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    pending_days = models.PositiveIntegerField(
        _("days before earned points can be spent"),
        default=30,
        help_text=_(
            "Counted from delivery. Keep it at least as long as the return window, so a return "
            "can take back points that were never spendable."
        ),
    )
    tier_period = models.CharField(
        _("spend that counts for tiers"),
        max_length=20,
        choices=SpendPeriod.choices,
        default=SpendPeriod.CALENDAR_YEAR,
    )
    expiry_mode = models.CharField(
        _("expiry"), max_length=20, choices=ExpiryMode.choices, default=ExpiryMode.NEVER
    )
    expiry_months = models.PositiveIntegerField(_("months until points expire"), default=24)
    signup_bonus = models.PositiveIntegerField(_("sign-up bonus"), default=0)
    review_bonus = models.PositiveIntegerField(_("bonus for a published review"), default=0)
    photo_review_bonus = models.PositiveIntegerField(
        _("extra bonus for a review with a photo"), default=0
    )
    referrer_bonus = models.PositiveIntegerField(
        _("referral bonus for the customer who referred"), default=0
    )
    referred_bonus = models.PositiveIntegerField(
        _("referral bonus for the new customer"), default=0
    )
    birthday_bonus = models.PositiveIntegerField(_("birthday bonus"), default=0)

    panels = [
        FieldPanel("enabled"),
        MultiFieldPanel(
            [FieldPanel("points_per_unit"), FieldPanel("rounding"), FieldPanel("pending_days")],
            heading=_("Earning"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("redeem_step_points"),
                FieldPanel("redeem_step_value"),
                FieldPanel("redeem_minimum_points"),
                FieldPanel("redeem_max_share"),
            ],
            heading=_("Spending"),
        ),
        MultiFieldPanel(
            [FieldPanel("tier_period"), InlinePanel("tiers", label=_("Tiers"))],
            heading=_("Tiers"),
        ),
        MultiFieldPanel(
            [FieldPanel("expiry_mode"), FieldPanel("expiry_months")], heading=_("Expiry")
        ),
        MultiFieldPanel(
            [
                FieldPanel("signup_bonus"),
                FieldPanel("review_bonus"),
                FieldPanel("photo_review_bonus"),
                FieldPanel("referrer_bonus"),
                FieldPanel("referred_bonus"),
                FieldPanel("birthday_bonus"),
            ],
            heading=_("Bonuses (points)"),
        ),
    ]

    class Meta:
        verbose_name = _("loyalty program")


class LoyaltyTier(Orderable):
    """A tier: reached by spending ``threshold`` in the program's period; multiplies earning."""

    program = ParentalKey(LoyaltySettings, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("name"), max_length=60)
    threshold = models.DecimalField(
        _("spend to reach it"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    multiplier = models.DecimalField(
        _("earning multiplier"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("2 earns twice the points of the base rate."),
    )

    panels = [FieldPanel("name"), FieldPanel("threshold"), FieldPanel("multiplier")]

    def __str__(self) -> str:
        return self.name


def loyalty_settings() -> LoyaltySettings:
    """The program of the default site (points are per shop, not per request)."""
    site = default_site()
    return LoyaltySettings.for_site(site) if site else LoyaltySettings()


class LoyaltyAccount(models.Model):
    """A customer's points: spendable ``balance`` and ``pending`` (not yet spendable). The
    account of a customer who deleted theirs stays for the books without ``user``, its points
    forfeited (``loyalty_account_close``)."""

    # A record, not content: no Wagtail reference-index job per save (docs/decisions.md).
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="loyalty_account",
    )
    balance = models.IntegerField(_("spendable points"), default=0)
    pending = models.IntegerField(_("pending points"), default=0)
    tier_name = models.CharField(_("tier"), max_length=60, blank=True)
    tier_spend = models.DecimalField(
        _("spend in the tier period"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        default=Decimal("0"),
    )
    referral_code = models.CharField(_("referral code"), max_length=16, unique=True)
    referred_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loyalty account")
        permissions = [("adjust_points", "Can adjust customers' points")]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="loyalty_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(pending__gte=0), name="loyalty_pending_not_negative"
            ),
        ]

    def __str__(self) -> str:
        if self.user_id is None:
            return str(_("Closed account %(id)s") % {"id": self.pk})
        return str(self.user)

    @property
    def is_closed(self) -> bool:
        """Its customer deleted their account."""
        return self.user_id is None


class EntryKind(models.TextChoices):
    EARN = "earn", _("Earned")
    REDEEM = "redeem", _("Spent")
    REVERSE = "reverse", _("Reversed")
    EXPIRE = "expire", _("Expired")
    ADJUST = "adjust", _("Adjusted")
    BONUS = "bonus", _("Bonus")
    FORFEIT = "forfeit", _("Forfeited")


class EntryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    AVAILABLE = "available", _("Available")


class PointsEntry(models.Model):
    """One line of an account's ledger. ``points`` is signed; (account, source, kind) is unique,
    so writing the same award, redemption or reversal twice is impossible."""

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    state = models.CharField(max_length=10, choices=EntryState.choices)
    points = models.IntegerField()
    # What caused it: "order:<id>", "review:<id>", "signup", "birthday:<year>", ...
    source = models.CharField(max_length=80)
    reason = models.CharField(_("reason"), max_length=255)
    # The spend the entry is about (an order's goods after discounts; negative when cancelled
    # or refunded): tiers count these within their period.
    spend = models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, default=Decimal("0")
    )
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="points_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(db_index=True)
    # Pending entries: when they may become spendable (set at delivery).
    available_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "source", "kind"], name="loyalty_entry_once_per_source"
            )
        ]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points:+d}"
