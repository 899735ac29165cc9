from decimal import Decimal

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from storefront.customizer.models import Design
from storefront.products.models import ProductPage, ProductVariant, money_field


class ShippingMethod(models.Model):
    """A way to ship an order, with a price and an optional free-shipping threshold."""

    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=200, blank=True)
    price = money_field(_("price"))
    free_over = money_field(
        _("free over"),
        null=True,
        blank=True,
        help_text=_("Shipping is free when the goods total reaches this amount."),
    )
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("price"),
        FieldPanel("free_over"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "price", "name"]
        verbose_name = _("shipping method")
        verbose_name_plural = _("shipping methods")

    def __str__(self) -> str:
        return self.name

    def cost_for(self, goods_total: Decimal) -> Decimal:
        if self.free_over is not None and goods_total >= self.free_over:
            return Decimal(0)
        return self.price


class Cart(models.Model):
    """A shopper's cart: one per logged-in user; guests' carts are found via the session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="storefront_cart",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cart")

    def __str__(self) -> str:
        return f"Cart {self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="+")
    design = models.ForeignKey(
        Design, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cart", "variant"],
                condition=models.Q(design__isnull=True),
                name="storefront_cart_line_once",
            ),
            models.UniqueConstraint(
                fields=["cart", "variant", "design"],
                condition=models.Q(design__isnull=False),
                name="storefront_cart_design_line_once",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="storefront_cart_line_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    """A placed order with snapshots of what was bought, where it goes and what it cost."""

    # A record, not content: no Wagtail reference-index job per save (docs/decisions.md).
    wagtail_reference_index_ignore = True

    # Who it is for and where it goes: taken from the checkout, or from the original order
    # for a replacement.
    CONTACT_FIELDS = (
        "email",
        "full_name",
        "phone",
        "address_line1",
        "address_line2",
        "city",
        "postal_code",
        "country",
    )

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    checkout_token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="storefront_orders",
        verbose_name=_("customer"),
    )
    email = models.EmailField(_("e-mail"))
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.PLACED
    )
    placed_at = models.DateTimeField(_("placed"), db_index=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    language = models.CharField(max_length=10, default="en")

    full_name = models.CharField(_("full name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address_line1 = models.CharField(_("address"), max_length=200)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=20)
    country = models.CharField(_("country"), max_length=2)

    shipping_method = models.ForeignKey(
        ShippingMethod, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipping_method_name = models.CharField(_("shipping method"), max_length=80)
    payment_method = models.CharField(_("payment method"), max_length=32)

    currency = models.CharField(_("currency"), max_length=3)
    goods_total = money_field(_("goods"))
    shipping_total = money_field(_("shipping"))
    adjustments_total = models.DecimalField(
        _("adjustments"), max_digits=16, decimal_places=2, default=Decimal(0)
    )
    total = money_field(_("total"))

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        permissions = [("transition_order", _("Can move orders between statuses"))]

    def __str__(self) -> str:
        return self.number

    @property
    def address_lines(self) -> list[str]:
        lines = [
            self.full_name,
            self.address_line1,
            self.address_line2,
            f"{self.postal_code} {self.city}",
            self.country,
        ]
        return [line for line in lines if line.strip()]


class OrderLine(models.Model):
    """One line of an order: a snapshot that survives later edits to the product."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        ProductPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    variant = models.ForeignKey(
        ProductVariant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("product"), max_length=255)
    variant_name = models.CharField(_("variant"), max_length=60)
    sku = models.CharField(_("SKU"), max_length=64)
    unit_price = money_field(_("unit price"))
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = money_field(_("line total"))
    # The customer's design, kept as it was ordered: later edits to the template, a swatch
    # or the design never change a placed order.
    design = models.ForeignKey(
        Design, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    design_choices = models.JSONField(_("design"), default=list, blank=True)
    design_preview = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title} ({self.sku})"

    @property
    def design_preview_url(self) -> str:
        return default_storage.url(self.design_preview) if self.design_preview else ""

    @property
    def customized(self) -> bool:
        """Made to the customer's design: a one-off, not a unit of the variant's stock."""
        return self.design_id is not None or bool(self.design_choices)


class OrderAdjustment(models.Model):
    """An amount a checkout adjuster added to the totals (negative for discounts)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="adjustments")
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=120)
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class OrderEvent(models.Model):
    """A status change of an order: who moved it, when, from what to what."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"

    @property
    def actor_label(self) -> str:
        if self.actor is None:
            return str(_("customer")) if self.from_status == "" else str(_("system"))
        return self.actor.get_full_name() or self.actor.get_username()
