"""Builders for a shop's page tree, products and orders, shared by every test package."""

import io
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from storefront.core.models import ShopSettings
from storefront.orders.models import Cart, Order, ShippingMethod
from storefront.orders.selectors import cart_summary, checkout_quote
from storefront.orders.services import (
    CheckoutDetails,
    cart_add,
    checkout_token_issue,
    order_place,
)
from storefront.products.models import (
    Category,
    ProductImage,
    ProductIndexPage,
    ProductPage,
    ProductVariant,
    ShopHomePage,
)
from storefront.products.services import stock_set

_serial = itertools.count(1)


@dataclass
class ShopTree:
    site: Site
    home: ShopHomePage
    index: ProductIndexPage
    apparel: Category
    home_goods: Category
    standard: ShippingMethod
    express: ShippingMethod
    pickup: ShippingMethod


def make_shop() -> ShopTree:
    root = Page.get_first_root_node()
    home = ShopHomePage(title="Test shop", slug=f"test-shop-{next(_serial)}", hero_title="Hello")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    else:
        site.root_page = home
        site.hostname = "localhost"
        site.save()
    index = ProductIndexPage(title="Shop", slug="shop")
    home.add_child(instance=index)
    index.save_revision().publish()
    settings_obj = ShopSettings.for_site(site)
    settings_obj.name = "Test shop"
    settings_obj.currency_symbol = "$"
    settings_obj.save()
    return ShopTree(
        site=site,
        home=home,
        index=index,
        apparel=Category.objects.create(name="Apparel", slug="apparel", sort_order=1),
        home_goods=Category.objects.create(name="Home", slug="home", sort_order=2),
        standard=ShippingMethod.objects.create(
            name="Standard", price=Decimal("4.90"), free_over=Decimal("60.00"), sort_order=1
        ),
        express=ShippingMethod.objects.create(name="Express", price=Decimal("12.90"), sort_order=2),
        pickup=ShippingMethod.objects.create(name="Pickup", price=Decimal("0"), sort_order=3),
    )


def make_image(title: str = "Product", colour: str = "#3b82f6"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 64), colour).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"img-{next(_serial)}.png")
    )


def make_product(
    *,
    index: ProductIndexPage,
    title: str | None = None,
    price: str | Decimal = "20.00",
    compare_at_price: str | Decimal | None = None,
    stock: int | list[int] = 10,
    variants: list[tuple[str, str | None]] | None = None,
    categories: list[Category] = (),
    images: int = 1,
    live: bool = True,
) -> ProductPage:
    """A published product; ``variants`` are (name, price override) pairs, ``stock`` one
    number for all of them or one per variant."""
    n = next(_serial)
    title = title or f"Product {n}"
    variants = variants or [("M", None)]
    product = ProductPage(
        title=title,
        slug=f"product-{n}",
        sku=f"SKU-{n}",
        price=Decimal(price),
        compare_at_price=Decimal(compare_at_price) if compare_at_price is not None else None,
        summary=f"Summary of {title}",
        description=f"<p>About {title}.</p>",
    )
    product.variants = [
        ProductVariant(
            name=name,
            sku=f"SKU-{n}-{i}",
            price_override=Decimal(override) if override is not None else None,
            sort_order=i,
        )
        for i, (name, override) in enumerate(variants)
    ]
    product.gallery_images = [
        ProductImage(image=make_image(f"{title} {i}"), sort_order=i) for i in range(images)
    ]
    index.add_child(instance=product)
    if categories:
        product.categories.set(categories)
    revision = product.save_revision()
    if live:
        revision.publish()
    else:
        ProductPage.objects.filter(pk=product.pk).update(live=False)
    levels = stock if isinstance(stock, list) else [stock] * len(variants)
    for variant, level in zip(
        ProductVariant.objects.filter(product=product).order_by("sort_order"), levels, strict=True
    ):
        stock_set(variant=variant, quantity=level)
    return ProductPage.objects.get(pk=product.pk)


def make_user(username: str = "shopper", password: str = "pass-1234-word", **extra):
    extra.setdefault("email", f"{username}@example.com")
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def make_order(
    *,
    shop: ShopTree,
    items: list[tuple[ProductVariant, int]],
    user=None,
    email: str | None = None,
    payment_method: str = "bank_transfer",
    shipping_method: ShippingMethod | None = None,
    full_name: str = "Ada Lovelace",
    address_line1: str = "12 Analytical Street",
    city: str = "Berlin",
    postal_code: str = "10115",
    country: str = "DE",
    design=None,
    points: int = 0,
) -> Order:
    """An order placed through the checkout services: ``items`` ((variant, quantity) pairs)
    go into a new guest cart, or ``user``'s cart, the review step quotes it and hands out
    the token, and ``order_place`` places it. ``email`` is the user's, or ada@example.com
    for a guest; ``shipping_method`` is the shop's Standard; ``design`` goes with every item;
    ``points`` of the customer's loyalty points pay part of it."""
    shipping_method = shipping_method or shop.standard
    if user is None:
        cart = Cart.objects.create()
    else:
        cart, _created = Cart.objects.get_or_create(user=user)
    for variant, quantity in items:
        cart_add(cart=cart, variant_id=variant.pk, quantity=quantity, design=design)
    options = {"points": points} if points else {}
    quote = checkout_quote(
        summary=cart_summary(cart), shipping_method=shipping_method, user=user, options=options
    )
    return order_place(
        cart=cart,
        user=user,
        details=CheckoutDetails(
            email=email or (user.email if user is not None else "ada@example.com"),
            full_name=full_name,
            address_line1=address_line1,
            city=city,
            postal_code=postal_code,
            country=country,
            shipping_method_id=shipping_method.pk,
            payment_method=payment_method,
            options=options,
        ),
        checkout_token=checkout_token_issue(cart=cart, quote=quote),
    )


def deliver(order: Order, actor=None) -> Order:
    """Move a placed order to delivered through the order services (paid, shipped,
    delivered), as staff would."""
    from storefront.orders.models import OrderStatus
    from storefront.orders.services import order_transition

    for status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        order_transition(order=order, to_status=status, actor=actor)
    order.refresh_from_db()
    return order
