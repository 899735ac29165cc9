"""Return requests (RMA): the shop's policy and reasons, the request with its lines, photos
and history. Status changes go through ``services``; nothing here has side effects."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from storefront.core.models import default_site
from storefront.orders.models import Order, OrderLine
from storefront.products.models import ProductVariant, money_field

MIN_WINDOW_DAYS = 14


class ReturnReason(models.Model):
    """A reason a shopper can give, with what it implies (an editable snippet list)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=120)
    requires_photo = models.BooleanField(
        _("needs a photo"), default=False, help_text=_("The shopper must add a photo.")
    )
    allows_customized = models.BooleanField(
        _("customized goods may be returned"),
        default=False,
        help_text=_("Made-to-order goods are final unless the reason allows them."),
    )
    shop_fault = models.BooleanField(
        _("the shop's fault"),
        default=False,
        help_text=_(
            "No restocking fee; shipping is refunded when the whole order comes back for "
            "reasons that are the shop's fault."
        ),
    )
    active = models.BooleanField(_("offered to shoppers"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("label"),
        FieldPanel("requires_photo"),
        FieldPanel("allows_customized"),
        FieldPanel("shop_fault"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = _("return reason")

    def __str__(self) -> str:
        return self.label


@register_setting(icon="redirect")
class ReturnPolicy(BaseSiteSetting):
    """How long shoppers have to return goods, and what a return costs them."""

    window_days = models.PositiveIntegerField(
        _("return window (days after delivery)"),
        default=30,
        validators=[MinValueValidator(MIN_WINDOW_DAYS)],
        help_text=_("At least 14 days."),
    )
    restocking_fee_percent = models.DecimalField(
        _("restocking fee (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Taken from refunds of goods returned for reasons that are not our fault."),
    )
    instructions = models.TextField(
        _("instructions"),
        blank=True,
        default="Pack the items with the return slip and send them to the address on it.",
        help_text=_("Printed on the return slip."),
    )

    panels = [
        FieldPanel("window_days"),
        FieldPanel("restocking_fee_percent"),
        FieldPanel("instructions"),
    ]

    class Meta:
        verbose_name = _("return policy")


def return_policy() -> ReturnPolicy:
    site = default_site()
    return ReturnPolicy.for_site(site) if site else ReturnPolicy()


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RECEIVED = "received", _("Received")
    REFUNDED = "refunded", _("Refunded")
    CLOSED = "closed", _("Closed")


class ReturnOutcome(models.TextChoices):
    REFUND = "refund", _("Refund to the original payment method")
    EXCHANGE = "exchange", _("Exchange for another size or colour")
    STORE_CREDIT = "store_credit", _("Store credit as points")


class LineCondition(models.TextChoices):
    SELLABLE = "sellable", _("Sellable: back into stock")
    DAMAGED = "damaged", _("Damaged: not restocked")
    MISSING = "missing", _("Not in the parcel")


class ReturnRequest(models.Model):
    """A shopper's request to return lines of one order, with its RMA number."""

    # A record, not content: no Wagtail reference-index job per save (docs/decisions.md).
    wagtail_reference_index_ignore = True

    rma = models.CharField(_("RMA number"), max_length=20, unique=True, editable=False)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="returns")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="storefront_returns",
    )
    email = models.EmailField(_("e-mail"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED
    )
    outcome = models.CharField(_("preferred outcome"), max_length=12, choices=ReturnOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("requested"), db_index=True)
    estimated_refund = money_field(_("estimated refund"), default=Decimal("0"))
    shipping_refund = money_field(_("shipping refunded"), default=Decimal("0"))
    # What the customer paid for the returned goods (their share of discounts and points
    # taken off, before any fee): the loyalty points follow this, not the money refunded.
    goods_paid = money_field(_("paid for the returned goods"), default=Decimal("0"))
    refund_amount = money_field(_("refunded"), null=True, blank=True)
    refund_note = models.CharField(_("why the refund is lower"), max_length=255, blank=True)
    store_credit_points = models.PositiveIntegerField(_("store credit (points)"), default=0)
    exchange_order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("return request")

    def __str__(self) -> str:
        return self.rma


class ReturnLineQuerySet(models.QuerySet):
    def not_rejected(self) -> "ReturnLineQuerySet":
        """Lines of requests that were never rejected (a rejected request may be closed
        after, so its status alone does not tell)."""
        return self.exclude(request__events__to_status=ReturnStatus.REJECTED)


class ReturnLine(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="returns")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    reason = models.ForeignKey(ReturnReason, on_delete=models.PROTECT, related_name="+")
    refund = money_field(_("refund"), default=Decimal("0"))
    condition = models.CharField(
        _("condition"), max_length=10, choices=LineCondition.choices, blank=True
    )
    exchange_variant = models.ForeignKey(
        ProductVariant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReturnLineQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.title}"


def return_photo_path(instance, filename: str) -> str:
    return f"returns/photos/{filename}"


class ReturnPhoto(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=return_photo_path)
    thumbnail = models.ImageField(upload_to=return_photo_path)

    def __str__(self) -> str:
        return self.image.name


class ReturnEvent(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=ReturnStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ReturnStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.to_status}"
