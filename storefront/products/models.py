from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from storefront.core import conf
from storefront.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from storefront.core.pagecache import mark_guest_cacheable


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        validators=[MinValueValidator(Decimal(0))],
        **kwargs,
    )


class Category(models.Model):
    """A shelf of the catalogue; products belong to any number of them."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class GuestCacheable:
    """Guests without a session may be served this page from the page cache."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        mark_guest_cacheable(response)
        return response


class ShopHomePage(GuestCacheable, Page):
    """The shop's front page: a welcome, the categories and the most popular products."""

    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = models.CharField(_("hero text"), max_length=255, blank=True)
    featured_count = models.PositiveSmallIntegerField(_("featured products"), default=8)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("featured_count"),
    ]
    subpage_types = ["storefront_products.ProductIndexPage"]
    max_count = 1
    template = "storefront/products/shop_home_page.html"

    class Meta:
        verbose_name = _("shop home page")

    def get_context(self, request, *args, **kwargs):
        from storefront.products.selectors import product_list

        context = super().get_context(request, *args, **kwargs)
        catalogue = ProductIndexPage.objects.live().descendant_of(self).first()
        context.update(
            catalogue=catalogue,
            categories=list(Category.objects.all()),
            featured=list(product_list(sort="popular")[: self.featured_count]),
        )
        return context


class ProductIndexPage(GuestCacheable, Page):
    """The catalogue: lists its products with filters, sorting and pagination."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["storefront_products.ProductPage"]
    template = "storefront/products/product_index_page.html"

    class Meta:
        verbose_name = _("product index page")

    def get_context(self, request, *args, **kwargs):
        from storefront.products.forms import ProductFilterForm
        from storefront.products.selectors import product_list

        context = super().get_context(request, *args, **kwargs)
        form = ProductFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        products = product_list(parent=self, **filters)
        paginator = Paginator(products, conf.get("STOREFRONT_PRODUCTS_PER_PAGE"))
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            filters_valid=form.is_bound is False or form.is_valid(),
            filter_form=form,
            products=page,
            paginator=paginator,
            querystring=query.urlencode(),
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not response.context_data["filters_valid"]:
            response.status_code = 400  # the page explains which filter to fix
        return response


class ProductPageForm(WagtailAdminPageForm):
    """The page editor's form: a product is never its own related product."""

    def clean(self):
        cleaned_data = super().clean()
        picks = self.formsets.get("related_picks")
        if picks is not None and self.instance.pk:
            for form in picks.forms:
                if form.is_valid() and form.cleaned_data.get("product") == self.instance:
                    form.add_error("product", _("A product cannot be related to itself."))
        return cleaned_data


class ProductPage(GuestCacheable, Page):
    """A product for sale, with a gallery and at least one variant that carries stock."""

    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    price = money_field(_("price"))
    compare_at_price = money_field(
        _("compare-at price"),
        null=True,
        blank=True,
        help_text=_("The former price, shown struck through while the product is on sale."),
    )
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    description = RichTextField(_("description"), blank=True)
    variant_label = models.CharField(
        _("variant label"),
        max_length=40,
        default="Size",
        help_text=_("What the variants differ in, e.g. Size or Capacity."),
    )
    categories = ParentalManyToManyField(Category, blank=True, related_name="products")
    # A string reference: the customizer app sits above products and is not imported here.
    customization_template = models.ForeignKey(
        "storefront_customizer.CustomizationTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("customization template"),
        help_text=_("Makes the product customizable: shoppers colour its zones."),
    )
    # Denormalized for listing cards and sorts, kept by the services of the apps that own
    # them (orders; reviews) and never taken from a page revision (see with_content_json).
    sales_count = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    rating_average = models.DecimalField(
        max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    rating_count = models.PositiveIntegerField(default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("sku"), FieldPanel("price"), FieldPanel("compare_at_price")],
            heading=_("Price"),
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        InlinePanel("gallery_images", label=_("Gallery images")),
        FieldPanel("customization_template"),
        FieldPanel("variant_label"),
        HelpPanel(
            content=_(
                "Stock is counted per variant on the Inventory screen (Shop → Inventory): "
                "orders change it as they are placed, so it is kept out of page revisions."
            )
        ),
        InlinePanel("variants", label=_("Variants"), min_num=1),
        InlinePanel(
            "related_picks",
            label=_("Related products"),
            heading=_("Related products (your picks)"),
            help_text=_(
                "Shown first, in this order, where suggestions appear. Computed suggestions "
                "follow; see and exclude them on Shop → Related products."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("sku"),
        index.SearchField("summary"),
        index.SearchField("description"),
    ]
    base_form_class = ProductPageForm
    parent_page_types = ["storefront_products.ProductIndexPage"]
    subpage_types: list[str] = []
    template = "storefront/products/product_page.html"

    class Meta:
        verbose_name = _("product page")

    def clean(self):
        super().clean()
        if (
            self.compare_at_price is not None
            and self.price is not None
            and self.compare_at_price <= self.price
        ):
            raise ValidationError(
                {"compare_at_price": _("The compare-at price must be above the price.")}
            )

    COUNTERS = ("sales_count", "rating_average", "rating_count")

    def with_content_json(self, content):
        """A revision restores what the editor wrote, not the sales and ratings of its day."""
        page = super().with_content_json(content)
        for field in self.COUNTERS:
            setattr(page, field, getattr(self, field))
        return page

    @property
    def customizable(self) -> bool:
        return self.customization_template_id is not None

    @property
    def on_sale(self) -> bool:
        return self.compare_at_price is not None and self.compare_at_price > self.price

    def get_context(self, request, *args, **kwargs):
        from storefront.products.selectors import product_detail_parts

        context = super().get_context(request, *args, **kwargs)
        context.update(product_detail_parts(product=self))
        return context


class ProductImage(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    @property
    def alt_text(self) -> str:
        return self.caption or self.image.default_alt_text or self.product.title


class ProductRelatedPick(Orderable):
    """A product the editor suggests on another's page, with an optional label."""

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="related_picks")
    product = models.ForeignKey(
        ProductPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    label = models.CharField(
        _("label"),
        max_length=60,
        blank=True,
        help_text=_("e.g. Goes well with. Leave empty for “Our pick”."),
    )

    panels = [FieldPanel("product"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("related product")


class ProductVariant(Orderable):
    """One buyable version of a product (a size, a capacity) with its own SKU and price."""

    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(_("name"), max_length=60, help_text=_("e.g. M, XL or 350 ml"))
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    price_override = money_field(
        _("price override"),
        null=True,
        blank=True,
        help_text=_("Leave empty to sell at the product's price."),
    )

    panels = [FieldPanel("name"), FieldPanel("sku"), FieldPanel("price_override")]

    class Meta(Orderable.Meta):
        verbose_name = _("variant")

    def __str__(self) -> str:
        return f"{self.product.title} – {self.name}"

    @property
    def price(self) -> Decimal:
        return self.price_override if self.price_override is not None else self.product.price


class StockRecord(models.Model):
    """How many units of a variant can be sold. Changed only under a row lock by services."""

    variant = models.OneToOneField(
        ProductVariant,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stock_record",
        verbose_name=_("variant"),
    )
    quantity = models.PositiveIntegerField(_("in stock"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("stock record")
        verbose_name_plural = _("inventory")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="storefront_stock_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.variant.sku}: {self.quantity}"
