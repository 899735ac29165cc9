"""The shopper's path in a real browser: listing → product → cart → guest checkout."""

import re

import pytest
from django.core import mail

from storefront.orders.models import Order, OrderStatus
from storefront.products.models import StockRecord
from tests.factories import make_product, make_shop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_guest_buys_a_product_from_the_listing(live_server, page, screenshot):
    shop = make_shop()
    tee = make_product(
        index=shop.index,
        title="Harbour tee",
        price="24.00",
        compare_at_price="30.00",
        variants=[("S", None), ("M", None), ("XL", "27.00")],
        stock=[0, 4, 9],
        categories=[shop.apparel],
        images=2,
    )
    make_product(
        index=shop.index, title="Stoneware mug", price="14.00", categories=[shop.home_goods]
    )

    page.goto(f"{live_server.url}{shop.index.url}")
    page.get_by_label("Category").select_option("apparel")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"category=apparel"))
    assert page.get_by_role("link", name="Stoneware mug").count() == 0
    screenshot("listing")

    page.get_by_role("link", name="Harbour tee").click()
    page.wait_for_url(re.compile(tee.slug))
    assert "$30.00" in page.locator("del").first.inner_text()
    assert page.get_by_role("radio", name=re.compile(r"^S Sold out")).is_disabled()
    page.get_by_role("radio", name=re.compile(r"^XL")).check()
    page.get_by_label("Quantity").fill("2")
    screenshot("product")
    page.get_by_role("button", name="Add to cart").click()

    page.wait_for_url(re.compile(r"/cart/$"))
    assert "$54.00" in page.locator(".totals").inner_text()
    screenshot("cart")
    page.get_by_role("link", name="Check out").click()

    page.get_by_label("E-mail").fill("guest@example.com")
    page.get_by_label("Full name").fill("Ada Guest")
    page.get_by_label(re.compile(r"^Address")).fill("1 Quay Street")
    page.get_by_label("Postal code").fill("10115")
    page.get_by_label("City").fill("Berlin")
    page.get_by_label("Country").select_option("DE")
    page.get_by_label("Express").check()
    page.get_by_label("Bank transfer").check()
    screenshot("checkout")
    page.get_by_role("button", name="Review your order").click()

    page.wait_for_url(re.compile(r"/checkout/review/$"))
    review = page.locator(".totals").first.inner_text()
    assert "$66.90" in review  # 2 × 27.00 + 12.90 express
    screenshot("review")
    page.get_by_role("button", name=re.compile("Place order")).click()

    page.wait_for_url(re.compile(r"/checkout/thanks/"))
    order = Order.objects.get()
    assert order.number in page.get_by_role("heading", level=1).inner_text()
    assert order.total == order.goods_total + order.shipping_total
    assert str(order.total) == "66.90"
    assert order.status == OrderStatus.PLACED
    assert StockRecord.objects.get(variant__sku=order.lines.get().sku).quantity == 7
    screenshot("confirmation")

    link = re.search(r"http://\S+/orders/\S+", mail.outbox[-1].body).group(0)
    guest = page.context.browser.new_context()
    try:
        other = guest.new_page()
        other.goto(live_server.url + link.split("localhost", 1)[1].lstrip(":0123456789"))
        assert order.number in other.get_by_role("heading", level=1).inner_text()
    finally:
        guest.close()
