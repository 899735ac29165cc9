"""The shop in Persian: right to left, translated, Persian digits and Solar Hijri dates, and
e-mails in the language the order was placed in."""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from storefront.orders.access import order_link
from storefront.orders.models import Order
from tests.factories import deliver, make_order, make_user

pytestmark = pytest.mark.django_db
LATIN_DIGIT_IN_TEXT = re.compile(r">[^<]*\d[^<]*<")


def _text_of(html: str, tag_id: str) -> str:
    match = re.search(rf'id="{tag_id}"[^>]*>(.*?)</', html, re.DOTALL)
    return match.group(1) if match else ""


def test_the_product_page_in_persian_reads_right_to_left(client, product_factory):
    product = product_factory(title="Mug", price="1250.50")
    response = client.get(f"/fa{product.url}")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html
    assert "افزودن به سبد خرید" in html  # "Add to cart"
    assert "$۱٬۲۵۰٫۵۰" in html and "1,250.50" not in html
    # Form values stay as the server reads them.
    assert 'value="1"' in html


def test_the_same_page_in_english_is_left_to_right_with_latin_digits(client, product_factory):
    product = product_factory(title="Mug", price="1250.50")
    html = client.get(product.url).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Add to cart" in html and "$1,250.50" in html


def test_the_language_switcher_keeps_the_page(client, product_factory):
    product = product_factory(title="Mug")
    response = client.post(
        reverse("set_language"), {"language": "fa", "next": product.url}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == f"/fa{product.url}"
    assert client.cookies["django_language"].value == "fa"
    english = client.post(reverse("set_language"), {"language": "en", "next": f"/fa{product.url}"})
    assert english["Location"] == product.url


def test_an_order_placed_in_persian_shows_solar_hijri_dates(client, shop, product_factory):
    product = product_factory(title="Mug", price="20.00")
    order = make_order(shop=shop, items=[(product.variants.first(), 2)])
    Order.objects.filter(pk=order.pk).update(
        placed_at=datetime(2026, 11, 24, 10, 30, tzinfo=UTC), language="fa"
    )
    link = order_link(order).split("://", 1)[-1].split("/", 1)[-1]
    response = client.get(f"/fa/{link.removeprefix('fa/')}", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "۳ آذر ۱۴۰۵" in html
    assert order.number in html  # a code of letters and digits stays as printed


def test_order_mails_follow_the_order_language(
    shop, product_factory, django_capture_on_commit_callbacks
):
    user = make_user("sara", email="sara@example.com")
    product = product_factory(title="Mug", price="20.00")
    order = make_order(shop=shop, items=[(product.variants.first(), 1)], user=user)
    Order.objects.filter(pk=order.pk).update(language="fa")
    order.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        deliver(order)
    assert mail.outbox, "status changes send e-mails"
    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    assert 'lang="fa" dir="rtl"' in html
    assert order.number in message.subject  # a code of letters and digits, as printed
    assert "$۲۰٫۰۰" in message.body and "20.00" not in message.body
    assert "سفارش" in message.body  # "order"
    # Links in the text keep their Latin digits, or they would not open.
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(re.search(r"[۰-۹]", link) is None for link in links)
