"""Related-product suggestions: the counts they are learned from, the top-k scores per
product, the editors' exclusions and the shoppers' clicks.

Co-occurrence is counted over *baskets*: an order for co-purchase, a shopper (account or
pseudonymous visitor) for co-preference. ``ProductCount`` holds how many baskets hold a
product, ``PairCount`` how many hold both products of a pair (stored once, lower id first),
and ``RelatedScore`` the best ``STOREFRONT_RELATED_TOP_K`` partners of each product by cosine
similarity, ``pair / sqrt(count(a) * count(b))``. The SQL in ``counting.py`` writes them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from storefront.orders.models import Order
from storefront.products.models import ProductPage


class Source(models.TextChoices):
    """Where a suggestion comes from, in the order suggestions are taken."""

    PICK = "pick", _("Our pick")
    CO_PURCHASE = "co_purchase", _("Customers also bought")
    CO_PREFERENCE = "co_preference", _("Customized by the same shoppers")
    CATEGORY = "category", _("Popular in this category")
    BEST_SELLER = "best_seller", _("Best seller")


# The sources the rebuild computes and stores; picks and best sellers are read live.
COMPUTED_SOURCES = (Source.CO_PURCHASE, Source.CO_PREFERENCE)


class Place(models.TextChoices):
    PRODUCT = "product", _("Product page")
    CART = "cart", _("Cart")
    CHECKOUT = "checkout", _("Checkout")


class ProductCount(models.Model):
    source = models.CharField(max_length=16, choices=Source.choices)
    product = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="+")
    baskets = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "product"], name="related_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.product_id}: {self.baskets}"


class PairCount(models.Model):
    source = models.CharField(max_length=16, choices=Source.choices)
    product = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="+")
    baskets = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "product", "other"], name="related_pair_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(product__lt=models.F("other")), name="related_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["source", "other"], name="related_pair_other")]

    def __str__(self) -> str:
        return f"{self.source} {self.product_id}+{self.other_id}: {self.baskets}"


class RelatedScore(models.Model):
    """One of a product's best partners from a computed source, ranked from 1."""

    source = models.CharField(max_length=16, choices=Source.choices)
    product = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    # Baskets holding both (0 for co-preference partners found through shared swatches).
    support = models.PositiveIntegerField()

    class Meta:
        ordering = ["product", "source", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "source", "rank"], name="related_score_rank_unique"
            ),
            models.UniqueConstraint(
                fields=["product", "source", "other"], name="related_score_pair_unique"
            ),
        ]
        indexes = [models.Index(fields=["source", "other"], name="related_score_other")]

    def __str__(self) -> str:
        return f"{self.source} {self.product_id} #{self.rank}: {self.other_id}"


class CountedOrder(models.Model):
    """An order whose products are in the co-purchase counts, so none is counted twice."""

    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"order {self.order_id}"


class StaleProduct(models.Model):
    """A product that gained orders since the lists holding it were last re-ranked: their
    score against it fell, so ``related_refresh`` re-ranks them."""

    product = models.OneToOneField(
        ProductPage, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"stale {self.product_id}"


class RelatedState(models.Model):
    """The one row every count change locks first, with what the last rebuild did."""

    rebuilt_at = models.DateTimeField(null=True, blank=True)
    rebuild_seconds = models.FloatField(null=True, blank=True)
    orders_counted = models.PositiveIntegerField(default=0)
    shoppers_counted = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"rebuilt {self.rebuilt_at}"


class RelatedExclusion(models.Model):
    """An editor's decision that a computed suggestion must not show for a product."""

    product = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(
        ProductPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("excluded")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("excluded suggestion")
        constraints = [
            models.UniqueConstraint(fields=["product", "other"], name="related_exclusion_unique")
        ]
        permissions = [
            ("manage_related", "Can see computed related products and exclude them"),
        ]

    def __str__(self) -> str:
        return f"{self.other_id} not on {self.product_id}"


class SuggestionClick(models.Model):
    """A shopper followed a suggestion: which source, where, from what, to what."""

    source = models.CharField(max_length=16, choices=Source.choices)
    place = models.CharField(max_length=10, choices=Place.choices)
    from_product = models.ForeignKey(
        ProductPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    session_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(db_index=True)
    # The customer's first later order holding the suggested product (customers only).
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "product"], name="related_click_user")]

    def __str__(self) -> str:
        return f"{self.source} → {self.product_id}"
