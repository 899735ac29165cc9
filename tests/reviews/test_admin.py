"""Review moderation in the Wagtail admin: the listing with its filters and search, a review's
page, publishing, rejecting, answering and deleting a review, bulk moderation, who may do it,
and review text shown escaped."""

import io
from datetime import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from storefront.core.uploads import image_upload_clean
from storefront.products.models import ProductPage, ProductVariant
from storefront.reviews.models import FlagReason, ProductReview, ReviewStatus, ReviewSummary
from storefront.reviews.services import (
    review_flag,
    review_moderate,
    review_reply,
    review_submit,
    review_vote,
)
from tests.admin_helpers import assert_permission_denied, listed, page
from tests.factories import make_order, make_user
from tests.reviews.conftest import deliver

pytestmark = pytest.mark.django_db

REVIEWS_URL = "/admin/reviews/"
TEXT = "A sturdy mug that keeps my tea hot for a long time."


# ---------------------------------------------------------------------------- helpers


def url(view: str, review: ProductReview) -> str:
    return reverse(f"storefront_reviews_admin:{view}", args=[review.pk])


def bulk_url(action: str, *reviews: ProductReview, **params) -> str:
    path = reverse("wagtail_bulk_action", args=["storefront_reviews", "productreview", action])
    query = [("id", review.pk) for review in reviews] + list(params.items())
    return f"{path}?{urlencode(query)}"


def write(product, user, **fields) -> ProductReview:
    fields = {"rating": 4, "title": "Good mug", "text": TEXT, "name": "Bea", **fields}
    return review_submit(product=product, user=user, **fields)


def status_of(review: ProductReview) -> str:
    return ProductReview.objects.get(pk=review.pk).status


def rating_count(product) -> int:
    return ProductPage.objects.get(pk=product.pk).rating_count


def summary_count(product) -> int:
    summary = ReviewSummary.objects.filter(product=product).first()
    return summary.count if summary else 0


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#2e86de").save(buffer, format="PNG")
    return image_upload_clean(SimpleUploadedFile("mug.png", buffer.getvalue()), name="review")


def admin_user(username: str, *codenames: str, is_staff: bool = True):
    user = make_user(username, is_staff=is_staff)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def moderating(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def customer(shop, product):
    """``customer(username)``: a user who received ``product`` (their reviews are verified and
    published at once); ``customer(username, bought=False)``: one who did not (held)."""

    def build(username: str, bought: bool = True):
        user = make_user(username)
        if bought:
            variant = ProductVariant.objects.filter(product=product).first()
            deliver(make_order(shop=shop, items=[(variant, 1)], user=user))
        return user

    return build


@pytest.fixture
def pending(product, customer):
    return write(product, customer("walk-in", bought=False), title="Held mug review", rating=3)


@pytest.fixture
def published(product, buyer):
    return write(product, buyer, title="Published mug review", rating=5)


@pytest.fixture
def rejected(product, customer, moderator):
    review = write(product, customer("ranter"), title="Rejected mug review", rating=1)
    return review_moderate(review=review, status=ReviewStatus.REJECTED, actor=moderator)


# ---------------------------------------------------------------------------- the listing


def test_the_listing_shows_reviews_with_their_details(moderating, product, pending, published):
    published.helpful_count = 3
    published.save(update_fields=["helpful_count"])

    response = moderating.get(REVIEWS_URL)

    assert response.status_code == 200
    assert listed(response) == {"Held mug review", "Published mug review"}
    row = page(response).find(id=f"review_{published.pk}_title").find_parent("tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
    assert cells[2:5] == ["Reviewed mug", "★★★★★ 5", "Bea"]
    assert cells[6:9] == ["Published", "0", "3"]
    assert row.find("a", href=url("inspect", published))


def test_the_listing_leaves_out_the_shops_replies(moderating, moderator, published):
    review_reply(review=published, text="Thank you, Bea!", actor=moderator)

    response = moderating.get(REVIEWS_URL)

    assert listed(response) == {"Published mug review"}
    assert "Thank you, Bea!" not in response.content.decode()


def test_the_listing_offers_bulk_publish_and_reject(moderating, published):
    footer = page(moderating.get(REVIEWS_URL)).select_one("[data-bulk-action-footer]")

    buttons = {
        a.get_text(strip=True): a["href"] for a in footer.select("a[data-bulk-action-button]")
    }
    assert buttons == {
        "Publish": bulk_url("publish").rstrip("?"),
        "Reject": bulk_url("reject").rstrip("?"),
    }


def test_moderators_find_reviews_in_the_menu(moderating):
    assert f'"{REVIEWS_URL}"' in moderating.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("pending", {"Held mug review"}),
        ("approved", {"Published mug review"}),
        ("rejected", {"Rejected mug review"}),
    ],
)
def test_the_listing_filters_by_status(moderating, pending, published, rejected, status, expected):
    assert listed(moderating.get(REVIEWS_URL, {"status": status})) == expected


def test_the_listing_filters_by_rating(moderating, pending, published, rejected):
    assert listed(moderating.get(REVIEWS_URL, {"rating": "5"})) == {"Published mug review"}


@pytest.mark.parametrize(
    ("verified", "expected"),
    [("true", {"Published mug review"}), ("false", {"Held mug review"})],
)
def test_the_listing_filters_by_verified_buyers(moderating, pending, published, verified, expected):
    assert listed(moderating.get(REVIEWS_URL, {"verified": verified})) == expected


@pytest.mark.parametrize(
    ("flagged", "expected"),
    [("true", {"Published mug review"}), ("false", {"Held mug review"})],
)
def test_the_listing_filters_reviews_shoppers_reported(
    moderating, pending, published, flagged, expected
):
    review_flag(review=published, user=make_user("reporter"), reason=FlagReason.SPAM)

    response = moderating.get(REVIEWS_URL, {"flagged": flagged})

    assert listed(response) == expected


def test_the_listing_shows_how_often_a_review_was_reported(moderating, published):
    for username in ("first", "second"):
        review_flag(review=published, user=make_user(username), reason=FlagReason.OFFENSIVE)

    row = page(moderating.get(REVIEWS_URL)).find(id=f"review_{published.pk}_title")

    assert row.find_parent("tr").find_all("td")[7].get_text(strip=True) == "2"


def test_the_listing_filters_by_product(moderating, product_factory, published, customer):
    teapot = product_factory(title="Teapot")
    write(teapot, customer("teadrinker", bought=False), title="Teapot review")

    assert listed(moderating.get(REVIEWS_URL, {"product": teapot.pk})) == {"Teapot review"}
    assert listed(moderating.get(REVIEWS_URL, {"product": published.product_id})) == {
        "Published mug review"
    }


def test_the_listing_filters_by_submit_date(moderating, pending, published, rejected):
    for review, month in [(pending, 1), (published, 2), (rejected, 3)]:
        submitted = timezone.make_aware(datetime(2025, month, 15, 12))
        ProductReview.objects.filter(pk=review.pk).update(submit_date=submitted)

    response = moderating.get(
        REVIEWS_URL, {"submit_date_from": "2025-02-01", "submit_date_to": "2025-02-28"}
    )

    assert listed(response) == {"Published mug review"}


@pytest.mark.parametrize(
    "query",
    ["published mug", "keeps my coffee", "Beatrice", "buyer@example"],
    ids=["title", "text", "name", "email"],
)
def test_the_listing_searches_title_text_name_and_email(moderating, pending, published, query):
    review = ProductReview.objects.get(pk=published.pk)
    review.comment = "A sturdy mug that keeps my coffee hot for a long time."
    review.user_name = "Beatrice"
    review.save()

    assert listed(moderating.get(REVIEWS_URL, {"q": query})) == {"Published mug review"}


# ---------------------------------------------------------------------------- a review's page


def test_the_review_page_shows_everything_a_moderator_weighs(
    moderating, moderator, product, buyer, customer
):
    review = write(product, buyer, title="Lovely mug", photos=[photo()])
    review_vote(review=review, user=customer("fan"), helpful=True)
    review_vote(review=review, user=customer("critic"), helpful=False)
    review_flag(review=review, user=customer("reporter"), reason=FlagReason.SPAM, note="Sells mugs")
    review_reply(review=review, text="Thank you, Bea!", actor=moderator)
    order = review.verified_order

    response = moderating.get(url("inspect", review))

    assert response.status_code == 200
    soup = page(response)
    text = soup.get_text(" ", strip=True)
    assert "Lovely mug" in text
    assert "★★★★☆ 4" in text
    assert TEXT in text
    assert f"Verified buyer Yes, order {order.number}" in text
    assert "Helpful 1 Not helpful 1 Reports 1" in text
    [stored_photo] = review.photos.all()
    link = soup.find("a", href=stored_photo.image.url)
    assert link.find("img")["src"] == stored_photo.thumbnail.url
    [flag_row] = soup.select("table.review-flags tbody tr")
    assert [cell.get_text(strip=True) for cell in flag_row.find_all("td")][1:] == [
        "reporter",
        "Spam or advertising",
        "Sells mugs",
    ]
    assert soup.select_one(".review-reply").get_text(strip=True) == "Thank you, Bea!"
    assert soup.find("textarea", attrs={"name": "text"}).get_text() == "Thank you, Bea!"


def test_the_page_of_a_held_review_offers_publish_and_reject(moderating, pending):
    form = page(moderating.get(url("inspect", pending))).find(
        "form", attrs={"action": url("moderate", pending)}
    )

    assert {button["value"] for button in form.find_all("button")} == {"approved", "rejected"}


def test_the_page_of_a_published_review_offers_only_reject(moderating, published):
    form = page(moderating.get(url("inspect", published))).find(
        "form", attrs={"action": url("moderate", published)}
    )

    assert [button["value"] for button in form.find_all("button")] == ["rejected"]


def test_a_shop_reply_has_no_moderation_page(moderating, moderator, published):
    reply = review_reply(review=published, text="Thank you!", actor=moderator)

    assert moderating.get(url("inspect", reply)).status_code == 404


# ---------------------------------------------------------------------------- publish, reject


def test_publishing_a_held_review_counts_it_in_the_products_rating(moderating, product, pending):
    assert (summary_count(product), rating_count(product)) == (0, 0)

    response = moderating.post(url("moderate", pending), {"status": "approved"})

    assert response.status_code == 302
    assert response["Location"] == url("inspect", pending)
    assert status_of(pending) == ReviewStatus.APPROVED
    summary = ReviewSummary.objects.get(product=product)
    assert (summary.count, summary.stars_3) == (1, 1)
    assert rating_count(product) == 1


def test_rejecting_a_published_review_takes_it_out_of_the_rating(moderating, product, published):
    assert (summary_count(product), rating_count(product)) == (1, 1)

    response = moderating.post(url("moderate", published), {"status": "rejected"}, follow=True)

    assert status_of(published) == ReviewStatus.REJECTED
    assert (summary_count(product), rating_count(product)) == (0, 0)
    assert "The review “Published mug review” is now rejected." in page(response).get_text()


def test_an_unknown_moderation_status_changes_nothing(moderating, product, published):
    response = moderating.post(url("moderate", published), {"status": "pending"}, follow=True)

    assert "A review can only be published or rejected." in page(response).get_text()
    assert status_of(published) == ReviewStatus.APPROVED
    assert rating_count(product) == 1


def test_moderating_needs_a_post(moderating, pending):
    assert moderating.get(url("moderate", pending), {"status": "approved"}).status_code == 405
    assert status_of(pending) == ReviewStatus.PENDING


def test_moderating_a_shop_reply_is_not_found(moderating, moderator, published):
    reply = review_reply(review=published, text="Thank you!", actor=moderator)

    response = moderating.post(url("moderate", reply), {"status": "rejected"})

    assert response.status_code == 404
    assert ProductReview.objects.get(pk=reply.pk).is_public


# ---------------------------------------------------------------------------- replies


def test_a_reply_is_published_as_the_shop_under_the_review(moderating, moderator, published):
    response = moderating.post(
        url("reply", published), {"text": "  Thank you, Bea!  "}, follow=True
    )

    reply = ProductReview.objects.get(reply_to=published)
    assert (reply.is_shop_reply, reply.is_public, reply.is_removed) == (True, True, False)
    assert (reply.comment, reply.user, reply.product_id) == (
        "Thank you, Bea!",
        moderator,
        published.product_id,
    )
    assert reply.parent_id == published.pk
    text = page(response).get_text(" ", strip=True)
    assert "The shop's reply is published under the review." in text
    assert page(response).select_one(".review-reply").get_text(strip=True) == "Thank you, Bea!"


def test_a_second_reply_changes_the_first(moderating, published):
    moderating.post(url("reply", published), {"text": "Thank you!"})
    moderating.post(url("reply", published), {"text": "Thank you, Bea!"})

    [reply] = ProductReview.objects.filter(reply_to=published)
    assert reply.comment == "Thank you, Bea!"
    assert reply.updated_at is not None


def test_an_empty_reply_is_refused(moderating, published):
    response = moderating.post(url("reply", published), {"text": "   "}, follow=True)

    assert "Write the reply before publishing it." in page(response).get_text()
    assert not ProductReview.objects.filter(reply_to=published).exists()


def test_a_reply_does_not_change_the_rating(moderating, product, published):
    moderating.post(url("reply", published), {"text": "Thank you!"})

    assert (summary_count(product), rating_count(product)) == (1, 1)


# ---------------------------------------------------------------------------- deleting


def test_deleting_asks_first(moderating, published):
    response = moderating.get(url("delete", published))

    assert response.status_code == 200
    assert "Delete the review “Published mug review” by Bea" in page(response).get_text()
    assert ProductReview.objects.filter(pk=published.pk).exists()


def test_deleting_removes_the_review_its_reply_and_its_rating(
    moderating, moderator, product, published
):
    reply = review_reply(review=published, text="Thank you!", actor=moderator)

    response = moderating.post(url("delete", published), follow=True)

    assert response.redirect_chain[-1][0] == REVIEWS_URL
    assert "The review “Published mug review” was deleted." in page(response).get_text()
    assert not ProductReview.objects.filter(pk__in=[published.pk, reply.pk]).exists()
    assert (summary_count(product), rating_count(product)) == (0, 0)


def test_reviews_cannot_be_added_or_edited_in_a_form(moderating, published):
    assert_permission_denied(moderating.get(f"{REVIEWS_URL}new/"))
    assert_permission_denied(moderating.get(f"{REVIEWS_URL}edit/{published.pk}/"))
    assert_permission_denied(
        moderating.post(f"{REVIEWS_URL}edit/{published.pk}/", {"title": "Changed"})
    )
    assert ProductReview.objects.get(pk=published.pk).title == "Published mug review"


# ---------------------------------------------------------------------------- bulk


@pytest.fixture
def held_reviews(product, customer):
    return [
        write(product, customer(f"walk-in-{n}", bought=False), title=f"Held {n}", rating=n)
        for n in (2, 3, 4)
    ]


def test_bulk_publishing_asks_first_listing_the_reviews(moderating, held_reviews, published):
    response = moderating.get(bulk_url("publish", *held_reviews[:2]))

    assert response.status_code == 200
    items = [li.get_text(" ", strip=True) for li in page(response).select("ul.bulk-reviews li")]
    assert sorted(items) == [
        "Held 2 – Bea (Awaiting moderation)",
        "Held 3 – Bea (Awaiting moderation)",
    ]
    assert all(status_of(review) == ReviewStatus.PENDING for review in held_reviews)


def test_bulk_publishing_publishes_the_selected_reviews(moderating, product, held_reviews):
    chosen = held_reviews[:2]

    response = moderating.post(bulk_url("publish", *chosen, next=REVIEWS_URL), follow=True)

    assert [status_of(review) for review in held_reviews] == [
        ReviewStatus.APPROVED,
        ReviewStatus.APPROVED,
        ReviewStatus.PENDING,
    ]
    assert (summary_count(product), rating_count(product)) == (2, 2)
    assert "2 reviews published." in page(response).get_text()


def test_bulk_rejecting_rejects_the_selected_reviews(moderating, product, customer, published):
    other = write(product, customer("second-buyer"), title="Second published")
    assert rating_count(product) == 2

    response = moderating.post(bulk_url("reject", published, other, next=REVIEWS_URL), follow=True)

    assert {status_of(published), status_of(other)} == {ReviewStatus.REJECTED}
    assert (summary_count(product), rating_count(product)) == (0, 0)
    assert "2 reviews rejected." in page(response).get_text()


def test_bulk_moderation_leaves_the_shops_replies_alone(moderating, moderator, published):
    reply = review_reply(review=published, text="Thank you!", actor=moderator)

    moderating.post(bulk_url("reject", reply, next=REVIEWS_URL))

    assert ProductReview.objects.get(pk=reply.pk).is_public
    assert status_of(published) == ReviewStatus.APPROVED


def test_bulk_publishing_all_in_the_listing_keeps_to_its_filters(
    moderating, product, held_reviews, rejected
):
    url = bulk_url("publish", status="pending", next=REVIEWS_URL) + "&id=all"

    moderating.post(url)

    assert {status_of(review) for review in held_reviews} == {ReviewStatus.APPROVED}
    assert status_of(rejected) == ReviewStatus.REJECTED
    assert rating_count(product) == 3


# ---------------------------------------------------------------------------- who may moderate


@pytest.fixture(params=["staff without the permission", "non-staff with the permission"])
def outsider(request, client):
    """Users who may open the admin but not moderate reviews."""
    if request.param == "staff without the permission":
        user = admin_user("clerk", "access_admin", is_staff=True)
    else:
        user = admin_user("helper", "access_admin", "moderate_productreview", is_staff=False)
    client.force_login(user)
    return client


REFUSED = [
    ("get", lambda review: REVIEWS_URL, {}),
    ("get", lambda review: url("inspect", review), {}),
    ("post", lambda review: url("moderate", review), {"status": "rejected"}),
    ("post", lambda review: url("reply", review), {"text": "Thanks!"}),
    ("get", lambda review: url("delete", review), {}),
    ("post", lambda review: url("delete", review), {}),
    ("get", lambda review: bulk_url("reject", review), {}),
    ("post", lambda review: bulk_url("reject", review), {}),
]


@pytest.mark.parametrize(
    ("method", "view_url", "data"),
    REFUSED,
    ids=[
        "list",
        "inspect",
        "moderate",
        "reply",
        "delete page",
        "delete",
        "bulk page",
        "bulk reject",
    ],
)
def test_only_moderators_may_open_the_review_screens(
    outsider, product, published, method, view_url, data
):
    response = getattr(outsider, method)(view_url(published), data)

    assert_permission_denied(response)
    assert status_of(published) == ReviewStatus.APPROVED
    assert not ProductReview.objects.filter(reply_to=published).exists()
    assert rating_count(product) == 1


def test_non_moderators_do_not_see_reviews_in_the_menu(outsider):
    response = outsider.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert f'"{REVIEWS_URL}"' not in response.content.decode()


def test_the_review_screens_need_admin_access(client, buyer, published):
    client.force_login(buyer)

    for response in (
        client.get(REVIEWS_URL),
        client.post(url("moderate", published), {"status": "rejected"}),
        client.post(bulk_url("reject", published)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert status_of(published) == ReviewStatus.APPROVED


# ---------------------------------------------------------------------------- escaping


TITLE = "<script>alert(1)</script>"
NAME = '"><img src=x onerror=alert(2)>'
BODY = "A sturdy mug. <script>alert(3)</script> It keeps tea hot."


@pytest.fixture
def hostile(product, buyer):
    return write(product, buyer, title=TITLE, name=NAME, text=BODY)


def assert_escaped(html: str, *payloads: str) -> None:
    for payload in payloads:
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert payload not in html
        assert escaped.replace('"', "&quot;") in html


def test_review_text_is_escaped_in_the_listing(moderating, hostile):
    html = moderating.get(REVIEWS_URL).content.decode()

    assert_escaped(html, TITLE, NAME)
    assert "<img src=x" not in html


def test_review_text_is_escaped_on_the_review_page(moderating, moderator, hostile):
    review_reply(review=hostile, text="Thanks <script>alert(4)</script>", actor=moderator)

    html = moderating.get(url("inspect", hostile)).content.decode()

    assert_escaped(html, TITLE, NAME, "<script>alert(3)</script>", "<script>alert(4)</script>")


def test_review_text_is_escaped_in_messages_and_confirmations(moderating, hostile):
    pages = [
        moderating.post(url("moderate", hostile), {"status": "rejected"}, follow=True),
        moderating.get(url("delete", hostile)),
        moderating.get(bulk_url("publish", hostile)),
    ]

    for response in pages:
        assert_escaped(response.content.decode(), TITLE)
