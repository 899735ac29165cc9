"""Product reviews: django-comments-xtd comments with a rating, a title and photos.

A review is an ``XtdComment`` (the ``COMMENTS_XTD_MODEL`` extension point); the shop's public
answer is a one-level xtd reply of the same model. django-contrib-comments' ``is_public`` and
``is_removed`` carry the moderation state, its ``CommentFlag`` the helpful votes
(xtd's like/dislike flags) and the removal requests.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from storefront.core.models import default_site
from storefront.orders.models import Order
from storefront.products.models import ProductPage

RATINGS = range(1, 6)

# A review kept after its author deleted their account: its one-per-customer key is this
# prefix and a random id, and it is shown under a neutral name.
FORMER_CUSTOMER_KEY = "former:"
FORMER_CUSTOMER_NAME = _("Former customer")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Rejected")


STATUS_FILTERS = {
    ReviewStatus.PENDING: Q(is_public=False, is_removed=False),
    ReviewStatus.APPROVED: Q(is_public=True, is_removed=False),
    ReviewStatus.REJECTED: Q(is_removed=True),
}


class ProductReview(XtdComment):
    """A customer's review of a product, or (``is_shop_reply``) the shop's answer to one."""

    # A record, not content: no Wagtail reference-index job per save (docs/decisions.md).
    wagtail_reference_index_ignore = True

    product = models.ForeignKey(
        ProductPage, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("product")
    )
    # "user:<id>" or "email:<address>": one review per customer per product, guests included.
    reviewer_key = models.CharField(max_length=200, null=True, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=120, blank=True)
    verified = models.BooleanField(_("verified buyer"), default=False)
    verified_order = models.ForeignKey(
        Order,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        help_text=_("The order that made the review verified."),
    )
    is_shop_reply = models.BooleanField(_("shop reply"), default=False)
    reply_to = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shop_reply",
        editable=False,
    )
    helpful_count = models.PositiveIntegerField(_("helpful votes"), default=0, editable=False)
    unhelpful_count = models.PositiveIntegerField(_("unhelpful votes"), default=0, editable=False)
    updated_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("product review")
        verbose_name_plural = _("product reviews")
        permissions = [("moderate_productreview", "Can moderate and answer product reviews")]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "reviewer_key"],
                condition=Q(reviewer_key__isnull=False),
                name="storefront_review_one_per_customer",
            ),
            models.CheckConstraint(
                condition=(
                    Q(is_shop_reply=False, rating__gte=1, rating__lte=5)
                    | Q(is_shop_reply=True, rating__isnull=True, reply_to__isnull=False)
                ),
                name="storefront_review_rating_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["product", "is_shop_reply", "rating"]),
            models.Index(fields=["product", "is_shop_reply", "helpful_count"]),
        ]

    def __str__(self) -> str:
        if self.is_shop_reply:
            return str(_("Shop reply to review %(id)s") % {"id": self.reply_to_id})
        return self.title or str(_("Review %(id)s") % {"id": self.pk})

    @property
    def is_by_former_customer(self) -> bool:
        """Its author deleted their account and chose to keep it anonymously."""
        return (self.reviewer_key or "").startswith(FORMER_CUSTOMER_KEY)

    @property
    def author_name(self) -> str:
        """The name shown with the review, in the visitor's language for a former customer."""
        return str(FORMER_CUSTOMER_NAME) if self.is_by_former_customer else self.user_name

    @property
    def status(self) -> str:
        if self.is_removed:
            return ReviewStatus.REJECTED
        return ReviewStatus.APPROVED if self.is_public else ReviewStatus.PENDING

    def get_status_display(self) -> str:
        return ReviewStatus(self.status).label

    def get_absolute_url(self, anchor_pattern="#review-%(id)s"):
        return self.product.url + (anchor_pattern % {"id": self.reply_to_id or self.pk})


def review_photo_path(instance, filename: str) -> str:
    return f"reviews/photos/{filename}"


class ReviewPhoto(models.Model):
    """A photo of a review, re-encoded without metadata, with its thumbnail."""

    review = models.ForeignKey(ProductReview, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to=review_photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(upload_to=review_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.image.name


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    OFF_TOPIC = "off_topic", _("Not about this product")
    PERSONAL = "personal", _("Shares personal information")
    FAKE = "fake", _("Fake or misleading")
    OTHER = "other", _("Something else")


class ReviewFlagReason(models.Model):
    """Why a shopper asked to remove a review: the reason of a removal-suggestion flag."""

    flag = models.OneToOneField(CommentFlag, on_delete=models.CASCADE, related_name="reason")
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    def __str__(self) -> str:
        return self.get_reason_display()


class ReviewSummary(models.Model):
    """Count, average and 1–5 histogram of a product's published reviews, kept exact by the
    moderation services (``review_summary_rebuild`` recomputes them from the reviews)."""

    product = models.OneToOneField(
        ProductPage, on_delete=models.CASCADE, related_name="review_summary"
    )
    count = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("review summary")
        verbose_name_plural = _("review summaries")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.count}"

    @property
    def average(self) -> Decimal | None:
        if not self.count:
            return None
        return (Decimal(self.rating_total) / self.count).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def histogram(self) -> list[tuple[int, int, int]]:
        """(stars, count, percent of all) from 5 down to 1."""
        return [
            (
                stars,
                getattr(self, f"stars_{stars}"),
                round(100 * getattr(self, f"stars_{stars}") / self.count) if self.count else 0,
            )
            for stars in reversed(RATINGS)
        ]


class ReviewRequest(models.Model):
    """The one review request e-mail of a delivered order."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="review_request")
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.order_id} → {self.email}"


class ReviewRequestOptOut(models.Model):
    """An address that asked not to get review requests any more."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email


@register_setting(icon="comment")
class ReviewSettings(BaseSiteSetting):
    """How reviews are moderated and when customers are asked for one."""

    publish_verified_at_once = models.BooleanField(
        _("publish verified buyers' reviews at once"),
        default=True,
        help_text=_(
            "Untick to hold every review for moderation. Reviews from customers who have not "
            "received the product are always held."
        ),
    )
    hold_links = models.BooleanField(
        _("hold reviews with links"),
        default=True,
        help_text=_("Reviews that contain a web address wait for moderation."),
    )
    held_words = models.TextField(
        _("words that hold a review"),
        blank=True,
        help_text=_(
            "One word or phrase per line. A review containing one of them waits for "
            "moderation (upper and lower case alike)."
        ),
    )
    min_length = models.PositiveIntegerField(
        _("minimum text length"),
        default=20,
        help_text=_("The fewest characters a review's text may have."),
    )
    edits_need_moderation = models.BooleanField(
        _("edited reviews go back to moderation"),
        default=True,
        help_text=_("When ticked, a published review that its author edits is held again."),
    )
    send_requests = models.BooleanField(
        _("send review requests"),
        default=True,
        help_text=_("E-mail customers after delivery asking them to review what they bought."),
    )
    request_delay_days = models.PositiveIntegerField(
        _("days after delivery"),
        default=7,
        help_text=_("How many days after delivery the review request is sent."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("publish_verified_at_once"),
                FieldPanel("hold_links"),
                FieldPanel("held_words"),
                FieldPanel("min_length"),
                FieldPanel("edits_need_moderation"),
            ],
            heading=_("Moderation"),
        ),
        MultiFieldPanel(
            [FieldPanel("send_requests"), FieldPanel("request_delay_days")],
            heading=_("Review requests"),
        ),
    ]

    class Meta:
        verbose_name = _("review settings")

    @property
    def held_word_list(self) -> list[str]:
        return [line.strip().lower() for line in self.held_words.splitlines() if line.strip()]


def review_settings(request=None) -> ReviewSettings:
    """The review settings of the request's site, or of the default site (tasks, services)."""
    if request is not None:
        return ReviewSettings.for_request(request)
    site = default_site()
    return ReviewSettings.for_site(site) if site else ReviewSettings()
