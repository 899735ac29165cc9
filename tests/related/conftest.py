"""Related-products fixtures: cheap products, orders whose after-commit work runs, the stored
tables as plain tuples, and customizable products sharing (or not) their swatches."""

from decimal import Decimal

import pytest

from storefront.customizer.models import CustomizationTemplate, Palette, Zone
from storefront.customizer.services import EventIn, preference_events_record
from storefront.products.models import ProductPage, ProductRelatedPick, ProductVariant
from storefront.related.models import PairCount, ProductCount, RelatedScore, Source
from tests.customizer.conftest import (  # noqa: F401 - the fixture is re-exported
    Customizable,
    customizable,
    mask,
    shaded_base,
    stored_image,
)
from tests.factories import make_order


def variant_of(product: ProductPage, name: str | None = None) -> ProductVariant:
    variants = ProductVariant.objects.filter(product=product).order_by("sort_order")
    return variants.get(name=name) if name else variants.first()


def score_table(source: str = Source.CO_PURCHASE) -> list[tuple]:
    """The stored top-k of ``source``: (product, other, rank, support, score) rows."""
    return list(
        RelatedScore.objects.filter(source=source)
        .order_by("product_id", "rank")
        .values_list("product_id", "other_id", "rank", "support", "score")
    )


def count_tables(source: str = Source.CO_PURCHASE) -> tuple[dict, dict]:
    """({product: baskets}, {(product, other): baskets}) of ``source``."""
    products = dict(ProductCount.objects.filter(source=source).values_list("product_id", "baskets"))
    pairs = {
        (product, other): baskets
        for product, other, baskets in PairCount.objects.filter(source=source).values_list(
            "product_id", "other_id", "baskets"
        )
    }
    return products, pairs


def assert_same_scores(actual: list[tuple], expected: list[tuple]) -> None:
    """Equal tables: ids, ranks and supports exactly, scores to float precision."""
    assert [row[:4] for row in actual] == [row[:4] for row in expected]
    assert [row[4] for row in actual] == pytest.approx([row[4] for row in expected])


def partners(product: ProductPage, source: str = Source.CO_PURCHASE) -> list[int]:
    """The other products in ``product``'s stored top-k, best first."""
    return list(
        RelatedScore.objects.filter(product=product, source=source)
        .order_by("rank")
        .values_list("other_id", flat=True)
    )


def pick(page: ProductPage, product: ProductPage, label: str = "", sort_order: int = 0):
    return ProductRelatedPick.objects.create(
        page=page, product=product, label=label, sort_order=sort_order
    )


@pytest.fixture
def make(product_factory):
    """A product without gallery images (cheap); ``make(images=1)`` for cards with pictures."""

    def build(**kwargs):
        kwargs.setdefault("images", 0)
        kwargs.setdefault("stock", 1000)
        return product_factory(**kwargs)

    return build


@pytest.fixture
def buy(shop, django_capture_on_commit_callbacks):
    """``buy(*products_or_variants, user=None)`` places one order of one of each and runs
    what happens after its commit (the related update, the click attribution)."""

    def place(*things, user=None, quantity: int = 1):
        items = [
            (thing if isinstance(thing, ProductVariant) else variant_of(thing), quantity)
            for thing in things
        ]
        with django_capture_on_commit_callbacks(execute=True):
            return make_order(shop=shop, items=items, user=user)

    return place


def make_template(name: str, swatches, *, zone: str = "body") -> CustomizationTemplate:
    """A one-zone template whose palette offers ``swatches``."""
    palette = Palette.objects.create(name=f"{name} colours")
    palette.swatches.set(swatches)
    palette.save()  # modelcluster writes parental many-to-many on save
    template = CustomizationTemplate.objects.create(
        name=name,
        base_image=stored_image(f"{name}-base", shaded_base()),
        text_enabled=False,
        text_price_delta=Decimal("0"),
    )
    Zone.objects.create(
        template=template,
        key=zone,
        label=zone.title(),
        mask=stored_image(f"{name}-{zone}", mask((0, 0, 63, 63))),
        palette=palette,
        default_swatch=swatches[0],
        sort_order=1,
    )
    return template


def make_customizable(make, template: CustomizationTemplate, **kwargs) -> ProductPage:
    product = make(**kwargs)
    ProductPage.objects.filter(pk=product.pk).update(customization_template=template)
    product.refresh_from_db()
    return product


def customize(product, swatch, *, visitor: str = "", user=None, kind: str = "selected") -> None:
    """A shopper's choice of ``swatch`` in the body zone of ``product`` (or, with ``kind``,
    another step: "saved" is recorded by the server, not reported by the browser)."""
    preference_events_record(
        product=product,
        events=[EventIn(kind=kind, zone="body", swatch=swatch.pk)],
        user=user,
        visitor_id=visitor,
        from_browser=kind in ("viewed", "selected"),
    )
