"""The ``storefront_demo`` command: the shop it builds, and that a second run adds nothing."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db.models import Count, F
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from config.management.commands import storefront_demo
from storefront.core.models import ShopSettings
from storefront.customizer import demo_art as customizer_art
from storefront.customizer.models import (
    CustomizationTemplate,
    Palette,
    Pattern,
    Swatch,
    SwatchTranslation,
    Zone,
)
from storefront.orders.models import Order, OrderStatus, ShippingMethod
from storefront.products import demo_art
from storefront.products.models import (
    Category,
    ProductImage,
    ProductIndexPage,
    ProductPage,
    ProductVariant,
    ShopHomePage,
    StockRecord,
)
from storefront.products.selectors import product_list
from storefront.products.services import stock_set
from storefront.reviews.models import ProductReview, ReviewPhoto, ReviewSummary
from storefront.reviews.services import review_summary_rebuild


def tiny_customizer_art(custom: storefront_demo.CustomDemo):
    """A 64 x 64 stand-in for the customizer's demo art of ``custom``: a light base and one
    band-shaped mask per zone the command expects."""

    def draw() -> customizer_art.ProductArt:
        masks = {}
        for row, key in enumerate(custom.zones):
            mask = PILImage.new("L", (64, 64), 0)
            ImageDraw.Draw(mask).rectangle((0, row * 10, 63, row * 10 + 9), fill=255)
            masks[key] = mask
        return customizer_art.ProductArt(
            key=custom.art,
            title=custom.title,
            base=PILImage.new("RGB", (64, 64), (236, 236, 232)),
            masks=masks,
            zone_labels={key: key.capitalize() for key in custom.zones},
        )

    return draw


@pytest.fixture
def quick_artwork(monkeypatch):
    """Plain 1200 x 1200 pictures instead of drawn ones, and tiny stand-ins for the
    customizer's templates, which keeps these tests quick; the drawing itself is tested at
    the end of this module, and the real templates in tests/customizer/."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (demo_art.SIZE, demo_art.SIZE), "#dfe6ee").save(buffer, "PNG")
    png = buffer.getvalue()
    monkeypatch.setattr(storefront_demo, "_render", lambda demo: [png] * demo.images)
    monkeypatch.setattr(
        customizer_art,
        "ALL_PRODUCTS",
        [tiny_customizer_art(custom) for custom in storefront_demo.CUSTOM_PRODUCTS],
    )


def run_demo() -> str:
    out = io.StringIO()
    call_command("storefront_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    user_model = get_user_model()
    return {
        "pages": Page.objects.count(),
        "products": ProductPage.objects.count(),
        "categories": Category.objects.count(),
        "variants": ProductVariant.objects.count(),
        "stock records": StockRecord.objects.count(),
        "gallery images": ProductImage.objects.count(),
        "images": get_image_model().objects.count(),
        "shipping methods": ShippingMethod.objects.count(),
        "users": user_model.objects.count(),
        "sites": Site.objects.count(),
        "revisions": Revision.objects.count(),
        "shop settings": ShopSettings.objects.count(),
        "swatches": Swatch.objects.count(),
        "swatch translations": SwatchTranslation.objects.count(),
        "palettes": Palette.objects.count(),
        "palette swatches": Palette.swatches.through.objects.count(),
        "patterns": Pattern.objects.count(),
        "templates": CustomizationTemplate.objects.count(),
        "zones": Zone.objects.count(),
        "zone patterns": Zone.patterns.through.objects.count(),
    }


@pytest.mark.django_db
def test_demo_builds_a_shop_and_a_second_run_adds_nothing(quick_artwork):
    output = run_demo()
    first = counts()
    second_output = run_demo()

    assert counts() == first
    assert "nothing new" in second_output
    assert "admin / admin" in output

    products = ProductPage.objects.live()
    assert products.count() >= 24
    assert Category.objects.count() >= 4
    assert all(product.first_published_at for product in products)
    for product in products.annotate(
        n_variants=Count("variants", distinct=True),
        n_images=Count("gallery_images", distinct=True),
        n_categories=Count("categories", distinct=True),
    ):
        assert product.n_variants >= 1, product.title
        assert product.n_images >= 2, product.title
        assert product.n_categories >= 1, product.title
        assert product.summary and product.description.startswith("<p>"), product.title

    assert not ProductVariant.objects.filter(stock_record__isnull=True).exists()
    assert (
        StockRecord.objects.filter(quantity__gt=0).count()
        > StockRecord.objects.filter(quantity=0).count()
    )
    assert products.filter(compare_at_price__gt=F("price")).exists()
    listing = list(product_list())
    assert any(not product.is_in_stock for product in listing)
    assert sum(product.is_in_stock for product in listing) >= 20
    popular = [p.pk for p in product_list(sort="popular")]
    newest = [p.pk for p in product_list(sort="newest")]
    assert popular != newest

    customizable = products.filter(customization_template__isnull=False)
    assert customizable.count() == len(storefront_demo.CUSTOM_PRODUCTS) >= 3
    assert CustomizationTemplate.objects.count() == customizable.count()
    assert Pattern.objects.count() >= 3 and Swatch.objects.count() >= 12
    assert "Customizable:    5 (Design-your-own Tee, " in output
    newest = list(product_list(sort="newest"))[: customizable.count()]
    assert {product.pk for product in newest} == {product.pk for product in customizable}

    assert ShippingMethod.objects.count() == 3
    standard = ShippingMethod.objects.get(name__startswith="Standard")
    assert (standard.price, standard.free_over) == (Decimal("4.90"), Decimal("60.00"))
    assert ShippingMethod.objects.get(name="Store pickup").price == 0


@pytest.mark.django_db
def test_demo_variants_and_images(quick_artwork):
    run_demo()

    tee = ProductPage.objects.get(sku="TEE-ORG-BLU")
    assert [v.name for v in tee.variants.order_by("sort_order", "pk")] == ["S", "M", "L", "XL"]
    mug = ProductPage.objects.get(sku="MUG-MRN-TER")
    small, large = mug.variants.order_by("sort_order", "pk")
    assert mug.variant_label == "Capacity"
    assert (small.name, large.name) == ("300 ml", "450 ml")
    assert large.price > small.price == mug.price

    images = get_image_model().objects.all()
    # Every image is in a gallery, or a template's base, a zone's mask or a pattern's tile.
    assert images.count() == (
        ProductImage.objects.count()
        + CustomizationTemplate.objects.count()
        + Zone.objects.count()
        + Pattern.objects.count()
    )
    drawn = ProductImage.objects.filter(product__customization_template__isnull=True)
    assert {(item.image.width, item.image.height) for item in drawn} == {(1200, 1200)}
    # Customizable products show renders of their template, at its size.
    rendered = ProductImage.objects.filter(product__customization_template__isnull=False)
    assert rendered.count() == 2 * len(storefront_demo.CUSTOM_PRODUCTS)
    assert {(item.image.width, item.image.height) for item in rendered} == {(64, 64)}
    assert all(image.file_size and image.file_hash for image in images)
    assert len({variant.sku for variant in ProductVariant.objects.all()}) == (
        ProductVariant.objects.count()
    )


@pytest.mark.django_db
def test_demo_site_settings_and_users(quick_artwork):
    run_demo()
    run_demo()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, ShopHomePage)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert Site.objects.count() == 1
    assert ShopHomePage.objects.count() == 1
    # The "Welcome to Wagtail" page made by the migrations is gone.
    assert list(Page.objects.filter(depth=2)) == [site.root_page]
    catalogue = ProductIndexPage.objects.get()
    assert catalogue.slug == "shop" and catalogue.get_parent().pk == site.root_page.pk
    assert catalogue.intro.startswith("<p>")

    shop = ShopSettings.for_site(site)
    assert shop.name == "Storefront Demo"
    assert shop.currency_symbol == "$"
    assert shop.contact_email and shop.tagline and shop.address

    admin = authenticate(username="admin", password="admin")
    assert admin is not None and admin.is_superuser and admin.email == "admin@example.com"
    customer = authenticate(username="customer", password="customer")
    assert customer is not None
    assert not customer.is_staff and customer.email == "customer@example.com"
    assert customer.first_name and customer.last_name


@pytest.mark.django_db
def test_a_second_run_leaves_existing_data_alone(quick_artwork):
    run_demo()
    variant = ProductVariant.objects.get(sku="MUG-MRN-TER-300-ML")
    stock_set(variant=variant, quantity=3)
    user = get_user_model().objects.get(username="admin")
    user.set_password("changed")
    user.save()

    run_demo()

    assert StockRecord.objects.get(variant=variant).quantity == 3
    assert authenticate(username="admin", password="changed") is not None


@pytest.mark.django_db
def test_demo_home_page_and_catalogue_render(client, quick_artwork):
    run_demo()

    home = client.get("/")
    shop = client.get("/shop/")

    assert home.status_code == 200
    assert shop.status_code == 200
    assert "Everyday Organic Tee" in shop.content.decode()


def summaries() -> dict[int, tuple]:
    return {
        summary.product_id: (
            summary.count,
            summary.rating_total,
            *(getattr(summary, f"stars_{n}") for n in range(1, 6)),
            summary.product.rating_count,
            summary.product.rating_average,
        )
        for summary in ReviewSummary.objects.select_related("product")
    }


@pytest.mark.django_db
def test_demo_writes_reviews_of_verified_buyers_and_a_second_run_adds_none(quick_artwork):
    output = run_demo()
    reviews = ProductReview.objects.filter(is_shop_reply=False)
    published = reviews.filter(is_public=True, is_removed=False)
    written = summaries()
    review_count, order_count = ProductReview.objects.count(), Order.objects.count()

    review_summary_rebuild()

    assert summaries() == written
    assert "Reviews:         " in output and "awaiting moderation" in output
    assert published.count() >= 60
    assert not published.filter(verified=False).exists()
    assert reviews.filter(is_public=False, is_removed=False).exists()  # the moderation queue
    assert reviews.filter(is_removed=True).exists()
    assert set(published.values_list("rating", flat=True)) == {1, 2, 3, 4, 5}
    assert published.filter(rating__gte=4).count() > 3 * published.filter(rating__lte=3).count()
    best_seller = ProductPage.objects.order_by("-sales_count").first()
    assert best_seller.review_summary.count >= 20
    assert ProductPage.objects.filter(review_summary__count=0).exists()
    assert ProductReview.objects.filter(is_shop_reply=True, reply_to__rating__lte=3).count() >= 3
    assert published.filter(helpful_count__gt=0).count() >= 5
    assert ReviewPhoto.objects.exists()
    dates = sorted(reviews.values_list("submit_date", flat=True))
    assert (dates[-1] - dates[0]).days >= 60
    # The verified reviews rest on delivered orders placed through the checkout.
    assert not Order.objects.exclude(status=OrderStatus.DELIVERED).exists()
    assert Order.objects.filter(user__username__startswith="demo-customer-").exists()
    demo_customer = get_user_model().objects.get(username="demo-customer-1")
    assert not demo_customer.has_usable_password()
    # The demo's customer has a delivered order with a product left to review.
    customer = get_user_model().objects.get(username="customer")
    (order,) = Order.objects.filter(user=customer)
    assert order.status == OrderStatus.DELIVERED
    reviewed = set(reviews.filter(user=customer).values_list("product_id", flat=True))
    assert {line.product_id for line in order.lines.all()} - reviewed

    second = run_demo()

    assert (ProductReview.objects.count(), Order.objects.count()) == (review_count, order_count)
    assert summaries() == written
    assert "nothing new" in second


# ------------------------------------------------------------------------------ artwork


@pytest.mark.parametrize("kind", demo_art.KINDS)
def test_every_kind_of_product_is_drawn(kind):
    image = demo_art.product_image(kind, "#3d6fb6")

    assert image.size == (1200, 1200)
    assert image.mode == "RGB"
    # The product stands out from the backdrop: the middle is not the colour of the corner.
    low, high = image.convert("L").crop((300, 300, 900, 900)).getextrema()
    assert high - low > 60


def test_gallery_views_differ_and_drawing_is_deterministic():
    views = demo_art.product_images("mug", "#e4572e", "#2a7f8f")
    again = demo_art.product_images("mug", "#e4572e", "#2a7f8f")

    pngs = [demo_art.image_bytes(view) for view in views]
    assert len(pngs) == 3 and len(set(pngs)) == 3
    assert pngs == [demo_art.image_bytes(view) for view in again]
    assert pngs[1] == demo_art.image_bytes(demo_art.gallery_image("mug", "#e4572e", "#2a7f8f", 1))
    assert PILImage.open(io.BytesIO(pngs[0])).format == "PNG"


@pytest.mark.django_db
def test_demo_sets_up_a_loyalty_program_and_the_customer_can_spend_points(quick_artwork):
    from storefront.loyalty.models import LoyaltyAccount, LoyaltySettings
    from storefront.loyalty.services import ledger_consistent

    run_demo()
    program = LoyaltySettings.objects.get()
    assert [tier.name for tier in program.tiers.order_by("threshold")] == [
        "Member",
        "Silver",
        "Gold",
    ]
    account = LoyaltyAccount.objects.get(user__username="customer")
    assert account.balance >= program.redeem_step_points  # the sign-up bonus at least
    assert ledger_consistent(account)
