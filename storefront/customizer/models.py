import hashlib
import json
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin

from storefront.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, money

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hex digits, e.g. #1f5f8b.")
)


def delta_field(verbose_name) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Added to the product's price when chosen."),
    )


class Swatch(ClusterableModel):
    """A colour a shopper can choose, with an optional price delta."""

    name = models.CharField(_("name"), max_length=60)
    hex = models.CharField(_("colour"), max_length=7, validators=[hex_colour])
    price_delta = delta_field(_("price delta"))
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("hex"),
        FieldPanel("price_delta"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
        InlinePanel("translations", label=_("Name in other languages")),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("swatch")
        verbose_name_plural = _("swatches")

    def __str__(self) -> str:
        return f"{self.name} ({self.hex})"

    @property
    def rgb(self) -> tuple[int, int, int]:
        value = self.hex.lstrip("#")
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))

    def display_name(self, language: str | None = None) -> str:
        """The name in ``language`` (default: the active one), falling back to ``name``."""
        language = (language or translation.get_language() or "").split("-")[0]
        for item in self.translations.all():
            if item.language == language:
                return item.name
        return self.name


class SwatchTranslation(Orderable):
    swatch = ParentalKey(Swatch, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=60)

    panels = [FieldPanel("language"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["swatch", "language"], name="storefront_swatch_translation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.name}"


class Palette(ClusterableModel):
    """A named group of swatches that a zone offers."""

    name = models.CharField(_("name"), max_length=60)
    swatches = ParentalManyToManyField(Swatch, related_name="palettes", verbose_name=_("swatches"))

    panels = [FieldPanel("name"), FieldPanel("swatches")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("palette")

    def __str__(self) -> str:
        return self.name


class Pattern(models.Model):
    """A repeating greyscale tile (stripes, dots...) that takes the zone's colour: white in
    the tile keeps the colour, black turns it to ``ground``."""

    name = models.CharField(_("name"), max_length=60)
    key = models.SlugField(_("key"), max_length=40, unique=True)
    tile = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.PROTECT, related_name="+", verbose_name=_("tile")
    )
    price_delta = delta_field(_("price delta"))

    panels = [FieldPanel("name"), FieldPanel("key"), FieldPanel("tile"), FieldPanel("price_delta")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("pattern")

    def __str__(self) -> str:
        return self.name


class TextPosition(models.TextChoices):
    CHEST = "chest", _("Chest / centre top")
    CENTER = "center", _("Centre")
    BOTTOM = "bottom", _("Centre bottom")


class CustomizationTemplate(PreviewableMixin, ClusterableModel):
    """A product's customizable picture: a shaded base image and named zones on it."""

    name = models.CharField(_("name"), max_length=80)
    base_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("base image"),
        help_text=_("The product in light neutral tones with its shading; colours multiply it."),
    )
    text_enabled = models.BooleanField(_("offer a text"), default=False)
    text_label = models.CharField(_("text label"), max_length=60, default="Monogram")
    text_max_length = models.PositiveSmallIntegerField(
        _("maximum length"), default=3, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    text_allowed = models.CharField(
        _("allowed characters"),
        max_length=200,
        default="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        help_text=_("Every character a shopper may type (spaces are always allowed)."),
    )
    text_position = models.CharField(
        _("text position"),
        max_length=10,
        choices=TextPosition.choices,
        default=TextPosition.CHEST,
    )
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#ffffff", validators=[hex_colour]
    )
    text_price_delta = delta_field(_("text price delta"))
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("base_image"),
        InlinePanel("zones", label=_("Zones"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("text_enabled"),
                FieldPanel("text_label"),
                FieldPanel("text_max_length"),
                FieldPanel("text_allowed"),
                FieldPanel("text_position"),
                FieldPanel("text_colour"),
                FieldPanel("text_price_delta"),
            ],
            heading=_("Text (monogram or name)"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("customization template")

    def __str__(self) -> str:
        return self.name

    def get_preview_template(self, request, mode_name):
        return "storefront/customizer/template_preview.html"

    def get_preview_context(self, request, mode_name):
        # The editor's preview: the unsaved template rendered with every zone's default.
        from storefront.customizer.services import template_preview

        context = super().get_preview_context(request, mode_name)
        context.update(template_preview(self))
        return context


class Zone(Orderable, ClusterableModel):
    """A part of the template a shopper colours: where it is (a greyscale mask) and what
    it may be coloured with."""

    template = ParentalKey(CustomizationTemplate, on_delete=models.CASCADE, related_name="zones")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=60)
    mask = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mask"),
        help_text=_("Greyscale, the size of the base image: white where the zone is."),
    )
    palette = models.ForeignKey(Palette, on_delete=models.PROTECT, related_name="+")
    default_swatch = models.ForeignKey(Swatch, on_delete=models.PROTECT, related_name="+")
    patterns = ParentalManyToManyField(Pattern, blank=True, related_name="+")

    panels = [
        FieldPanel("key"),
        FieldPanel("label"),
        FieldPanel("mask"),
        FieldPanel("palette"),
        FieldPanel("default_swatch"),
        FieldPanel("patterns"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="storefront_zone_key_once")
        ]

    def __str__(self) -> str:
        return self.label


def new_share_token() -> str:
    return secrets.token_urlsafe(12)


class Design(models.Model):
    """A validated set of choices for a product's template, reachable by its share token."""

    product = models.ForeignKey(
        "storefront_products.ProductPage", on_delete=models.CASCADE, related_name="designs"
    )
    template = models.ForeignKey(
        CustomizationTemplate, on_delete=models.CASCADE, related_name="designs"
    )
    choices = models.JSONField(_("choices"))
    text = models.CharField(_("text"), max_length=40, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    share_token = models.CharField(max_length=32, unique=True, default=new_share_token)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="storefront_designs",
    )
    saved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Fixed when the design is made, so carts and orders need no template lookups: a design
    # is an immutable set of choices, and a later change to a swatch's delta or name applies
    # to designs made after it.
    price_delta = models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, default=0
    )
    description = models.JSONField(default=list)  # [[zone label, choice in words], ...]
    preview = models.CharField(max_length=200, blank=True)  # storage path of the render

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("design")

    def __str__(self) -> str:
        return f"{self.product_id}/{self.share_token}"

    @property
    def price(self):
        """The product's price with this design's deltas."""
        return money(self.product.price + self.price_delta)

    @property
    def preview_url(self) -> str:
        from django.core.files.storage import default_storage

        return default_storage.url(self.preview) if self.preview else ""


def content_hash_of(*, template: CustomizationTemplate, choices: dict, text: str) -> str:
    """Same template version and choices → same hash → same cached render."""
    canonical = json.dumps(
        {"t": template.pk, "v": template.updated_at.isoformat(), "c": choices, "x": text},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class PreferenceKind(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    SELECTED = "selected", _("Selected")
    SAVED = "saved", _("Saved")
    CARTED = "carted", _("Carted")
    ORDERED = "ordered", _("Ordered")


class PreferenceEvent(models.Model):
    """One choice a shopper made (or the server saw them act on): what, where, when, who."""

    product = models.ForeignKey(
        "storefront_products.ProductPage", on_delete=models.CASCADE, related_name="+"
    )
    template = models.ForeignKey(CustomizationTemplate, on_delete=models.CASCADE, related_name="+")
    zone_key = models.CharField(max_length=40, blank=True)
    swatch = models.ForeignKey(
        Swatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pattern = models.ForeignKey(
        Pattern, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text_used = models.BooleanField(default=False)
    kind = models.CharField(max_length=10, choices=PreferenceKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    visitor_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.product_id}/{self.zone_key}"


class DailyCount(models.Model):
    """How many preference events of a kind fell on a day in one group (``GROUPING``): what
    the reports read instead of the raw events. ``key`` spells out the day and the group so
    one unique index covers it on every database (NULLs never compare equal in SQL)."""

    GROUPING: tuple[str, ...] = ()

    key = models.CharField(max_length=120, unique=True)
    day = models.DateField(db_index=True)
    kind = models.CharField(max_length=10, choices=PreferenceKind.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"

    @classmethod
    def key_for(cls, *, day, **group) -> str:
        values = [day.isoformat(), *(group[name] for name in cls.GROUPING)]
        return "|".join("" if value is None else str(value) for value in values)


class PreferenceDailyCount(DailyCount):
    """Per product, zone, swatch, pattern and kind: read when a report is narrowed to a
    product, a category or a zone."""

    GROUPING = ("product_id", "zone_key", "swatch_id", "pattern_id", "kind")

    product = models.ForeignKey(
        "storefront_products.ProductPage", on_delete=models.CASCADE, related_name="+"
    )
    zone_key = models.CharField(max_length=40, blank=True)
    swatch = models.ForeignKey(
        Swatch, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pattern = models.ForeignKey(
        Pattern, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["day", "product", "zone_key"]


class ChoiceDailyCount(DailyCount):
    """Per swatch or pattern and kind, over all products and zones: a row holds either a
    swatch or a pattern, and a choice of both counts in one row of each. Small enough for
    the shop-wide preference reports to read in milliseconds."""

    GROUPING = ("swatch_id", "pattern_id", "kind")

    swatch = models.ForeignKey(
        Swatch, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pattern = models.ForeignKey(
        Pattern, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["day", "kind"]


class ProductDailyCount(DailyCount):
    """Per product and kind, over all zones and choices: the design funnel."""

    GROUPING = ("product_id", "kind")

    product = models.ForeignKey(
        "storefront_products.ProductPage", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["day", "product"]
