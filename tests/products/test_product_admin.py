"""Editors create and publish products in the Wagtail page editor; stock stays correct."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from storefront.products.models import ProductPage, StockRecord
from storefront.products.services import stock_set


@pytest.fixture
def editor_client(client, shop):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def product_form(categories=(), **overrides):
    data = {
        "title": "Linen shirt",
        "slug": "linen-shirt",
        "sku": "LIN-1",
        "price": "49.00",
        "compare_at_price": "",
        "summary": "Breathable linen",
        "description": rich_text("<p>Woven in Portugal.</p>"),
        "variant_label": "Size",
        "gallery_images": inline_formset([]),
        "variants": inline_formset(
            [
                {"name": "M", "sku": "LIN-1-M", "price_override": ""},
                {"name": "XL", "sku": "LIN-1-XL", "price_override": "52.00"},
            ],
            min=1,
        ),
        "related_picks": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    form = nested_form_data(data)
    form["categories"] = [str(category.pk) for category in categories]
    return form


def add_url(shop):
    return reverse(
        "wagtailadmin_pages:add", args=("storefront_products", "productpage", shop.index.pk)
    )


def test_editor_publishes_a_product_with_variants(editor_client, shop):
    response = editor_client.post(add_url(shop), product_form(categories=[shop.apparel]))

    assert response.status_code == 302
    product = ProductPage.objects.get(sku="LIN-1")
    assert product.live
    assert list(product.categories.all()) == [shop.apparel]
    variants = {variant.sku: variant for variant in product.variants.all()}
    assert variants["LIN-1-XL"].price == Decimal("52.00")
    assert variants["LIN-1-M"].price == Decimal("49.00")
    assert set(StockRecord.objects.values_list("variant__sku", "quantity")) == {
        ("LIN-1-M", 0),
        ("LIN-1-XL", 0),
    }


def test_compare_at_price_must_be_above_the_price(editor_client, shop):
    response = editor_client.post(add_url(shop), product_form(compare_at_price="40.00"))

    assert response.status_code == 200
    assert "must be above the price" in response.content.decode()
    assert not ProductPage.objects.filter(sku="LIN-1").exists()


def test_republishing_or_reverting_a_product_keeps_its_stock(editor_client, shop):
    editor_client.post(add_url(shop), product_form())
    product = ProductPage.objects.get(sku="LIN-1")
    first_revision = product.latest_revision
    medium = product.variants.get(sku="LIN-1-M")
    stock_set(variant=medium, quantity=7)

    edit_url = reverse("wagtailadmin_pages:edit", args=(product.pk,))
    edit = editor_client.get(edit_url)
    assert edit.status_code == 200
    variants = list(product.variants.order_by("sort_order"))
    data = product_form(
        price="45.00",
        variants=inline_formset(
            [
                {
                    "id": variants[0].pk,
                    "name": "M",
                    "sku": "LIN-1-M",
                    "price_override": "",
                    "ORDER": "1",
                },
                {
                    "id": variants[1].pk,
                    "name": "XL",
                    "sku": "LIN-1-XL",
                    "price_override": "52.00",
                    "ORDER": "2",
                },
            ],
            initial=2,
            min=1,
        ),
    )
    assert editor_client.post(edit_url, data).status_code == 302
    assert ProductPage.objects.get(pk=product.pk).price == Decimal("45.00")
    assert StockRecord.objects.get(variant=medium).quantity == 7

    first_revision.publish()
    assert ProductPage.objects.get(pk=product.pk).price == Decimal("49.00")
    assert StockRecord.objects.get(variant=medium).quantity == 7


def test_editor_picks_related_products_in_order_with_labels(editor_client, shop, product_factory):
    tote = product_factory(title="Tote")
    cap = product_factory(title="Cap")
    picks = inline_formset(
        [
            {"product": str(cap.pk), "label": "", "ORDER": "1"},
            {"product": str(tote.pk), "label": "Goes well with", "ORDER": "2"},
        ]
    )

    response = editor_client.post(add_url(shop), product_form(related_picks=picks))

    assert response.status_code == 302
    product = ProductPage.objects.get(sku="LIN-1")
    assert [
        (pick.product.title, pick.label) for pick in product.related_picks.order_by("sort_order")
    ] == [("Cap", ""), ("Tote", "Goes well with")]
    # the picks are part of the page's content: a later revision keeps them
    assert product.latest_revision.as_object().related_picks.count() == 2


def test_a_product_cannot_be_its_own_pick(editor_client, shop):
    editor_client.post(add_url(shop), product_form())
    product = ProductPage.objects.get(sku="LIN-1")
    variants = list(product.variants.order_by("sort_order"))
    data = product_form(
        variants=inline_formset(
            [
                {"id": variant.pk, "name": variant.name, "sku": variant.sku, "price_override": ""}
                for variant in variants
            ],
            initial=2,
            min=1,
        ),
        related_picks=inline_formset([{"product": str(product.pk), "label": ""}]),
    )

    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=(product.pk,)), data)

    assert response.status_code == 200
    assert "cannot be related to itself" in response.content.decode()
    assert not product.related_picks.exists()
