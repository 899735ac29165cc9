"""Review requests: one e-mail per delivered order after the shop's delay, with a signed link
per product that lets a guest review without logging in, and a working unsubscribe link."""

import io
import re
import time
from datetime import timedelta
from io import StringIO
from unittest import mock
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from storefront.orders.models import Order, OrderStatus
from storefront.orders.services import order_transition
from storefront.products.models import ProductPage, ProductVariant
from storefront.reviews.access import review_link_check, review_link_token
from storefront.reviews.models import (
    ProductReview,
    ReviewRequest,
    ReviewRequestOptOut,
    ReviewStatus,
)
from storefront.reviews.services import review_requests_send
from storefront.reviews.tasks import storefront_send_review_requests
from tests.factories import make_order
from tests.reviews.conftest import deliver

SUBJECT = "How do you like what you ordered?"
LINK = re.compile(r"https?://[^\s\"'<>]+/reviews/write/([^/\s\"'<>]+)/")
UNSUBSCRIBE = re.compile(r"https?://[^\s\"'<>]+/reviews/unsubscribe/[^/\s\"'<>]+/")
LINK_BROKEN = "This link does not work any more"


# ---------------------------------------------------------------------------- helpers


@pytest.fixture
def mug(product_factory):
    return product_factory(title="Speckled mug", variants=[("Small", None), ("Large", "18.00")])


@pytest.fixture
def teapot(product_factory):
    return product_factory(title="Cast-iron teapot", price="45.00")


@pytest.fixture
def place(shop, mug, teapot):
    """``place(email=..., products=...)``: a guest's order, as placed."""

    def build(*, email: str = "ada@example.com", products=None):
        variants = [
            variant
            for product in products or [mug, teapot]
            for variant in ProductVariant.objects.filter(product=product)
        ]
        return make_order(shop=shop, items=[(variant, 1) for variant in variants], email=email)

    return build


def delivered_days_ago(order: Order, days: float) -> Order:
    """Deliver ``order`` (through the order services) and date the delivery ``days`` ago."""
    if order.status != OrderStatus.DELIVERED:
        order = deliver(order)
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=days))
    order.refresh_from_db()
    return order


@pytest.fixture
def due_order(place):
    """A guest's order of a mug (two sizes) and a teapot, delivered eight days ago."""
    return delivered_days_ago(place(), 8)


def requests_sent() -> list:
    return [message for message in mail.outbox if message.subject.endswith(SUBJECT)]


def links_in(message) -> list[str]:
    return [match.group(0) for match in LINK.finditer(message.body)]


def path_of(url: str) -> str:
    return urlsplit(url).path


def mail_one_request(order: Order) -> mail.EmailMessage:
    assert review_requests_send() == 1
    (message,) = [m for m in requests_sent() if m.to == [order.email]]
    return message


# ---------------------------------------------------------------------------- sending


def test_no_request_before_the_delay(place):
    delivered_days_ago(place(), 6)

    assert review_requests_send() == 0

    assert requests_sent() == []
    assert not ReviewRequest.objects.filter(sent_at__isnull=False).exists()


def test_request_is_sent_once_the_delay_has_passed(due_order):
    assert review_requests_send() == 1

    (message,) = requests_sent()
    assert message.to == ["ada@example.com"]
    assert message.subject == f"Test shop: {SUBJECT}"
    assert ReviewRequest.objects.get(order=due_order).sent_at is not None


def test_delay_follows_the_review_settings(policy, place):
    policy(request_delay_days=2)
    early = delivered_days_ago(place(email="early@example.com"), 1)
    due = delivered_days_ago(place(email="due@example.com"), 3)

    assert review_requests_send() == 1

    assert [message.to for message in requests_sent()] == [[due.email]]
    assert not ReviewRequest.objects.filter(order=early, sent_at__isnull=False).exists()


def test_now_argument_decides_what_is_due(place):
    order = delivered_days_ago(place(), 2)

    assert review_requests_send(now=timezone.now() + timedelta(days=4)) == 0
    assert review_requests_send(now=timezone.now() + timedelta(days=6)) == 1

    assert [message.to for message in requests_sent()] == [[order.email]]


def test_running_again_sends_nothing_more(due_order):
    review_requests_send()

    assert review_requests_send() == 0
    assert review_requests_send(now=timezone.now() + timedelta(days=10)) == 0

    assert len(requests_sent()) == 1
    assert ReviewRequest.objects.filter(order=due_order).count() == 1


def test_one_email_per_order_with_a_link_per_product(place, mug, teapot):
    first = delivered_days_ago(place(email="ada@example.com"), 8)
    second = delivered_days_ago(place(email="ada@example.com", products=[teapot]), 9)

    assert review_requests_send() == 2

    by_order = {}
    for message in requests_sent():
        tokens = LINK.findall(message.body)
        found = [review_link_check(token) for token in tokens]
        orders = {order for order, _product in found}
        assert len(orders) == 1
        by_order[orders.pop()] = [product for _order, product in found]
    assert by_order == {first: [mug, teapot], second: [teapot]}


def test_each_product_is_named_next_to_its_own_link(due_order, mug, teapot):
    message = mail_one_request(due_order)

    for product in (mug, teapot):
        token = review_link_token(order=due_order, product_id=product.pk)
        assert re.search(rf"{re.escape(product.title)}\n.*/reviews/write/{token}/", message.body)
        assert f"/reviews/write/{token}/" in message.alternatives[0][0]


def test_no_requests_when_the_shop_turned_them_off(policy, due_order):
    policy(send_requests=False)

    assert review_requests_send() == 0

    assert requests_sent() == []
    assert not ReviewRequest.objects.exists()


@pytest.mark.parametrize(
    "statuses",
    [[], [OrderStatus.PAID], [OrderStatus.PAID, OrderStatus.SHIPPED]],
    ids=["placed", "paid", "shipped"],
)
def test_orders_not_delivered_get_no_request(place, statuses):
    order = place()
    for status in statuses:
        order_transition(order=order, to_status=status)
    later = timezone.now() + timedelta(days=30)

    assert review_requests_send(now=later) == 0

    assert requests_sent() == []


def test_cancelled_order_gets_no_request_even_with_a_delivery_date(place):
    order = order_transition(order=place(), to_status=OrderStatus.CANCELLED)
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=8))

    assert review_requests_send() == 0

    assert requests_sent() == []


def test_completed_order_gets_its_request(due_order):
    order_transition(order=due_order, to_status=OrderStatus.COMPLETED)

    assert review_requests_send() == 1


def test_orders_delivered_long_before_are_not_mailed_when_requests_start(place):
    delivered_days_ago(place(), 60)

    assert review_requests_send() == 0


def test_order_of_products_no_longer_sold_gets_no_email(due_order, mug, teapot):
    ProductPage.objects.filter(pk__in=[mug.pk, teapot.pk]).update(live=False)

    assert review_requests_send() == 0

    assert requests_sent() == []


def test_request_lists_only_the_products_still_sold(due_order, mug, teapot):
    ProductPage.objects.filter(pk=teapot.pk).update(live=False)

    message = mail_one_request(due_order)

    assert [review_link_check(token)[1] for token in LINK.findall(message.body)] == [mug]


def test_task_sends_the_due_requests(due_order):
    result = storefront_send_review_requests.enqueue()

    assert result.return_value == 1
    assert len(requests_sent()) == 1
    assert storefront_send_review_requests.call() == 0


def test_management_command_sends_the_due_requests(due_order):
    out = StringIO()
    call_command("storefront_send_review_requests", stdout=out)
    call_command("storefront_send_review_requests", stdout=out)

    assert out.getvalue().splitlines() == [
        "Sent 1 review request(s).",
        "Sent 0 review request(s).",
    ]
    assert len(requests_sent()) == 1


# ---------------------------------------------------------------------------- review links


@pytest.fixture
def mug_link(due_order, mug) -> str:
    """The path of the mug's link in the order's review request."""
    message = mail_one_request(due_order)
    (link,) = [url for url in links_in(message) if review_link_check(LINK.match(url)[1])[1] == mug]
    return path_of(link)


def test_review_link_opens_the_review_form_without_login(client, mug_link, mug):
    response = client.get(mug_link)

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert mug.title in page.find("h1").get_text()
    assert page.select_one("form.review-form textarea[name=comment]") is not None


def test_tampered_review_link_is_refused_with_a_message(client, mug_link):
    token = mug_link.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    response = client.get(mug_link.replace(token, forged))

    assert response.status_code == 400
    assert LINK_BROKEN in response.content.decode()


@pytest.mark.parametrize(
    ("max_age_hours", "status"), [(3, 200), (1, 400)], ids=["still-valid", "expired"]
)
def test_review_link_expires_after_its_max_age(
    client, settings, due_order, mug, max_age_hours, status
):
    settings.STOREFRONT_REVIEW_LINK_MAX_AGE = max_age_hours * 60 * 60
    two_hours_ago = time.time() - 2 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=two_hours_ago):
        token = review_link_token(order=due_order, product_id=mug.pk)

    response = client.get(f"/reviews/write/{token}/")

    assert response.status_code == status
    assert (LINK_BROKEN in response.content.decode()) is (status == 400)


def test_link_of_a_product_no_longer_sold_is_refused(client, mug_link, mug):
    ProductPage.objects.filter(pk=mug.pk).update(live=False)

    response = client.get(mug_link)

    assert response.status_code == 400
    assert LINK_BROKEN in response.content.decode()


def review_form_data(client, path: str, **fields) -> dict:
    """The hidden fields of the review form at ``path`` (security hash and all) plus ``fields``."""
    page = BeautifulSoup(client.get(path).content, "html.parser")
    form = page.select_one("form.review-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    assert {"content_type", "object_pk", "timestamp", "security_hash"} <= set(data)
    return {**data, **fields}


REVIEW_FIELDS = {
    "rating": "5",
    "title": "Lovely speckles",
    "comment": "The speckled glaze looks even better in real life.",
    "name": "Ada",
}


def test_review_through_the_link_is_a_verified_guest_review(client, mug_link, due_order, mug):
    response = client.post(mug_link, review_form_data(client, mug_link, **REVIEW_FIELDS))

    assert response.status_code == 302
    assert response["Location"].endswith(f"{mug.url}#reviews")
    review = ProductReview.objects.get(product=mug)
    assert review.user is None
    assert (review.verified, review.verified_order) == (True, due_order)
    assert (review.rating, review.title, review.user_name) == (5, "Lovely speckles", "Ada")
    assert review.user_email == due_order.email
    assert review.status == ReviewStatus.APPROVED


def test_second_review_through_the_same_link_is_refused(client, mug_link, mug):
    client.post(mug_link, review_form_data(client, mug_link, **REVIEW_FIELDS))

    response = client.post(
        mug_link, review_form_data(client, mug_link, **{**REVIEW_FIELDS, "rating": "1"})
    )

    assert response.status_code == 400
    assert "already reviewed this product" in response.content.decode()
    assert list(ProductReview.objects.filter(product=mug).values_list("rating", flat=True)) == [5]


def test_photos_posted_through_the_link_are_stored_with_the_review(client, mug_link, mug):
    photos = []
    for n, colour in enumerate(["#e74c3c", "#27ae60"]):
        buffer = io.BytesIO()
        Image.new("RGB", (900, 600), colour).save(buffer, format="JPEG")
        photos.append(SimpleUploadedFile(f"mug{n}.jpg", buffer.getvalue(), "image/jpeg"))

    response = client.post(
        mug_link, review_form_data(client, mug_link, **REVIEW_FIELDS, photos=photos)
    )

    assert response.status_code == 302
    stored = list(ProductReview.objects.get(product=mug).photos.all())
    assert [(photo.width, photo.height) for photo in stored] == [(900, 600), (900, 600)]
    assert all(max(photo.thumbnail.width, photo.thumbnail.height) == 480 for photo in stored)


def test_link_form_refuses_a_file_that_is_not_a_photo(client, mug_link, mug):
    text = SimpleUploadedFile("mug.jpg", b"not a picture at all" * 10, "image/jpeg")

    response = client.post(
        mug_link, review_form_data(client, mug_link, **REVIEW_FIELDS, photos=[text])
    )

    assert response.status_code == 400
    assert "mug.jpg is not a photo we can read" in response.content.decode()
    assert not ProductReview.objects.exists()


# ---------------------------------------------------------------------------- unsubscribing


def test_every_request_carries_an_unsubscribe_link_and_header(place):
    for n in range(3):
        delivered_days_ago(place(email=f"buyer{n}@example.com"), 8)

    review_requests_send()

    assert len(requests_sent()) == 3
    for message in requests_sent():
        (link,) = UNSUBSCRIBE.findall(message.body)
        assert link in message.alternatives[0][0]
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert message.message()["List-Unsubscribe"] == f"<{link}>"


def test_opening_the_unsubscribe_page_asks_before_stopping(client, due_order):
    (link,) = UNSUBSCRIBE.findall(mail_one_request(due_order).body)

    response = client.get(path_of(link))

    assert response.status_code == 200
    assert "Stop review requests" in response.content.decode()
    assert not ReviewRequestOptOut.objects.exists()


def test_unsubscribing_stops_requests_to_the_address_whatever_its_case(client, place):
    first = delivered_days_ago(place(email="Ada.Lovelace@Example.com"), 9)
    (link,) = UNSUBSCRIBE.findall(mail_one_request(first).body)

    response = client.post(path_of(link))

    assert response.status_code == 200
    assert "we will not ask" in response.content.decode()
    delivered_days_ago(place(email="ADA.LOVELACE@EXAMPLE.COM"), 8)
    delivered_days_ago(place(email="someone.else@example.com"), 8)
    mail.outbox.clear()
    assert review_requests_send() == 1
    assert [message.to for message in requests_sent()] == [["someone.else@example.com"]]


def test_forged_unsubscribe_link_is_refused(db, client):
    response = client.get("/reviews/unsubscribe/not-a-signed-address/")
    response_post = client.post("/reviews/unsubscribe/not-a-signed-address/")

    assert (response.status_code, response_post.status_code) == (400, 400)
    assert LINK_BROKEN in response.content.decode()
    assert not ReviewRequestOptOut.objects.exists()
