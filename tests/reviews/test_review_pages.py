"""Reviews as a shopper meets them: the product page, the review form, votes and reports,
the JSON-LD, the API, and what happens to bad input."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from storefront.reviews.models import ProductReview, ReviewSettings, ReviewSummary
from storefront.reviews.services import (
    review_moderate,
    review_reply,
    review_submit,
    review_vote,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
    "<!--<script>",
    "javascript:alert(3)//' onmouseover='alert(4)",
    "<svg/onload=alert(5)>",
]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def write(
    product,
    user,
    rating=5,
    title="Lovely mug",
    text="Holds a lot of tea, and it is sturdy.",
    name="Bea",
):
    return review_submit(
        product=product, user=user, rating=rating, title=title, text=text, name=name
    )


def form_data(client, url, **fields) -> dict:
    """The review form's hidden fields (security hash, timestamp) from a GET, plus ``fields``."""
    page = soup(client.get(url))
    form = page.select_one("form.review-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    data.update({"name": "Bea", "honeypot": ""})
    data.update(fields)
    return data


def photo_file(name="photo.jpg", colour="#c2410c", fmt="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


# ---------------------------------------------------------------------------- product page


def test_product_page_shows_summary_reviews_badges_photos_and_reply(
    client, product, buyer, moderator
):
    review = write(product, buyer, rating=4, title="Great for tea")
    other = make_user("other")
    held = write(product, other, rating=2, title="Chipped on arrival")
    review_moderate(review=held, status="approved", actor=moderator)
    review_reply(review=held, text="Sorry! We sent you a new one.", actor=moderator)

    page = soup(client.get(product.url))

    summary = page.select_one(".review-summary")
    assert "3.00" in summary.get_text()
    assert "2 reviews" in summary.get_text()
    histogram = {
        row.th.get_text(strip=True): row.select_one(".num").get_text(strip=True)
        for row in summary.select(".histogram tr")
    }
    assert histogram == {
        "5 stars": "0",
        "4 stars": "1",
        "3 stars": "0",
        "2 stars": "1",
        "1 star": "0",
    }
    shown = page.select_one(f"#review-{review.pk}")
    assert shown.h3.get_text() == "Great for tea"
    assert "Verified buyer" in shown.get_text()
    unverified = page.select_one(f"#review-{held.pk}")
    assert "Verified buyer" not in unverified.get_text()
    assert "We sent you a new one" in unverified.select_one(".shop-reply").get_text()
    assert page.select_one(".rating-line [role=img]")["aria-label"] == "Rated 3.0 out of 5"


def test_held_reviews_are_not_shown_but_their_author_sees_the_state(client, product):
    author = make_user("author")
    held = write(product, author, title="Waiting")
    assert not held.is_public

    assert "Waiting" not in client.get(product.url).content.decode()
    client.force_login(author)
    page = soup(client.get(product.url))
    assert "Waiting" not in page.select_one(".review-list").get_text()
    assert "waiting for moderation" in page.select_one(".review-summary").get_text()
    assert page.select_one(".review-summary a.button")["href"] == reverse(
        "storefront:review_edit", args=[held.pk]
    )


@pytest.fixture
def five_reviews(product, moderator):
    """Five published reviews rated 1..5; the 2-star one is the most helpful, the newest is
    the 5-star one; odd ratings are from verified buyers."""
    made = []
    for rating in range(1, 6):
        user = make_user(f"r{rating}")
        review = write(product, user, rating=rating, title=f"Rated {rating}")
        review_moderate(review=review, status="approved", actor=moderator)
        made.append(review)
    ProductReview.objects.filter(pk__in=[r.pk for r in made if r.rating % 2]).update(verified=True)
    ProductReview.objects.filter(pk=made[1].pk).update(helpful_count=9)
    return made


def shown_titles(client, url) -> list[str]:
    return [h3.get_text() for h3 in soup(client.get(url)).select(".review h3")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Rated 2", "Rated 5", "Rated 4", "Rated 3", "Rated 1"]),
        ("r-sort=newest", ["Rated 5", "Rated 4", "Rated 3", "Rated 2", "Rated 1"]),
        ("r-sort=highest", ["Rated 5", "Rated 4", "Rated 3", "Rated 2", "Rated 1"]),
        ("r-sort=lowest", ["Rated 1", "Rated 2", "Rated 3", "Rated 4", "Rated 5"]),
        ("r-stars=4", ["Rated 4"]),
        ("r-verified=on&r-sort=lowest", ["Rated 1", "Rated 3", "Rated 5"]),
        ("r-stars=9", ["Rated 2", "Rated 5", "Rated 4", "Rated 3", "Rated 1"]),
        ("r-sort=evil", ["Rated 2", "Rated 5", "Rated 4", "Rated 3", "Rated 1"]),
    ],
)
def test_reviews_sort_and_filter(client, product, five_reviews, query, expected):
    assert shown_titles(client, f"{product.url}?{query}") == expected


def test_reviews_are_paginated(client, product, five_reviews, settings):
    settings.STOREFRONT_REVIEWS_PER_PAGE = 2
    url = f"{product.url}?r-sort=lowest"
    assert shown_titles(client, url) == ["Rated 1", "Rated 2"]
    assert shown_titles(client, f"{url}&r-page=3") == ["Rated 5"]
    assert shown_titles(client, f"{url}&r-page=99") == ["Rated 5"]
    nav = soup(client.get(url)).select_one("nav[aria-label='Review pages']")
    assert "r-sort=lowest" in nav.select_one("a[rel=next]")["href"]


def test_listing_cards_show_the_rating(client, shop, product, five_reviews):
    card = soup(client.get(shop.index.url)).select_one(".product-card")
    assert card.select_one(".stars")["aria-label"] == "Rated 3.0 out of 5"
    assert "5 reviews" in card.get_text()


def test_json_ld_carries_aggregate_rating_and_the_shown_reviews(client, product, five_reviews):
    page = soup(client.get(product.url))
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Product"
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "3.00",
        "reviewCount": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert [review["name"] for review in data["review"]] == shown_titles(client, product.url)
    assert data["review"][0]["reviewRating"]["ratingValue"] == 2


@pytest.mark.parametrize("payload", XSS)
def test_review_text_is_escaped_on_the_page_and_in_json_ld(client, product, buyer, payload):
    write(product, buyer, title=payload[:120], text=f"{payload} and more words here", name=payload)
    html = client.get(product.url).content.decode()

    page = soup(client.get(product.url))
    injected = [
        tag
        for tag in page.find_all(["script", "img", "svg"])
        if not tag.get("src", "").startswith("/") and tag.get("type") != "application/ld+json"
    ]
    assert injected == []
    assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)
    assert payload not in html.replace(json.dumps(payload)[1:-1], ""), "raw payload in the page"
    ld = soup(client.get(product.url)).select_one('script[type="application/ld+json"]').string
    assert "</script" not in ld.lower() and "<!--" not in ld
    assert json.loads(ld)["review"][0]["name"] == payload[:120]


# ---------------------------------------------------------------------------- writing


def test_guests_are_sent_to_log_in(client, product):
    response = client.get(reverse("storefront:review_write", args=[product.pk]))
    assert response.status_code == 302
    assert reverse("storefront:login") in response["Location"]


def test_a_buyer_writes_a_verified_review_with_a_photo(client, product, buyer):
    client.force_login(buyer)
    url = reverse("storefront:review_write", args=[product.pk])
    data = form_data(
        client, url, rating="5", title="Perfect", comment="Exactly as pictured, lovely colours."
    )
    data["photos"] = [photo_file()]
    response = client.post(url, data)

    assert response.status_code == 302
    review = ProductReview.objects.get(product=product, user=buyer)
    assert (review.rating, review.title, review.verified, review.is_public) == (
        5,
        "Perfect",
        True,
        True,
    )
    photo = review.photos.get()
    assert photo.image.name.endswith(".jpg") and photo.width == 64
    assert ReviewSummary.objects.get(product=product).stars_5 == 1
    page = client.get(response["Location"].split("#")[0])
    assert "Your review is published" in page.content.decode()


def test_the_star_input_is_a_labelled_radio_group(client, product, buyer):
    client.force_login(buyer)
    page = soup(client.get(reverse("storefront:review_write", args=[product.pk])))
    group = page.select_one("fieldset.star-input")
    assert group.legend.get_text(strip=True).startswith("Your rating")
    radios = group.select("input[type=radio][name=rating]")
    assert [radio["value"] for radio in radios] == ["1", "2", "3", "4", "5"]
    for radio in radios:
        label = group.select_one(f"label[for={radio['id']}]")
        assert "star" in label.get_text()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rating": ""}, "Choose a rating from 1 to 5 stars."),
        ({"rating": "6"}, "Select a valid choice"),
        ({"title": ""}, "This field is required"),
        ({"comment": "Too short"}, "at least 20 characters"),
        ({"honeypot": "I am a bot"}, "treated as spam"),
        ({"security_hash": "0" * 40}, "form expired or was changed"),
        ({"timestamp": "1"}, "form expired or was changed"),
    ],
)
def test_bad_review_input_is_refused_and_changes_nothing(client, product, buyer, change, message):
    client.force_login(buyer)
    url = reverse("storefront:review_write", args=[product.pk])
    data = form_data(client, url, rating="4", title="Fine", comment="A perfectly fine product.")
    data.update(change)

    response = client.post(url, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProductReview.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"not an image at all", "image/jpeg"),
            "not a photo we can read",
        ),
        (photo_file("anim.gif", fmt="GIF"), "not a photo we can read"),
    ],
)
def test_bad_photos_are_refused(client, product, buyer, upload, message):
    client.force_login(buyer)
    url = reverse("storefront:review_write", args=[product.pk])
    data = form_data(client, url, rating="4", title="Fine", comment="A perfectly fine product.")
    data["photos"] = [upload]
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProductReview.objects.exists()


def test_four_photos_are_refused(client, product, buyer):
    client.force_login(buyer)
    url = reverse("storefront:review_write", args=[product.pk])
    data = form_data(client, url, rating="4", title="Fine", comment="A perfectly fine product.")
    data["photos"] = [photo_file(f"p{n}.jpg") for n in range(4)]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "at most 3 photos" in response.content.decode()
    assert not ProductReview.objects.exists()


def test_a_second_review_of_the_same_product_leads_to_editing(client, product, buyer):
    review = write(product, buyer)
    client.force_login(buyer)
    response = client.get(reverse("storefront:review_write", args=[product.pk]))
    assert response["Location"] == reverse("storefront:review_edit", args=[review.pk])


def test_unpublished_products_cannot_be_reviewed(client, product_factory, buyer):
    hidden = product_factory(live=False)
    client.force_login(buyer)
    assert client.get(reverse("storefront:review_write", args=[hidden.pk])).status_code == 404


def test_posting_reviews_is_rate_limited(client, product_factory, buyer, settings):
    settings.STOREFRONT_RATE_REVIEW = "2/m"
    client.force_login(buyer)
    products = [product_factory() for _ in range(3)]
    statuses = []
    for product in products:
        url = reverse("storefront:review_write", args=[product.pk])
        data = form_data(client, url, rating="4", title="Fine", comment="A perfectly fine product.")
        statuses.append(client.post(url, data).status_code)
    assert statuses == [302, 302, 429]
    assert ProductReview.objects.count() == 2


# ---------------------------------------------------------------------------- editing


def test_the_author_edits_and_the_edit_goes_back_to_moderation(client, product, buyer):
    review = write(product, buyer, rating=5)
    client.force_login(buyer)
    url = reverse("storefront:review_edit", args=[review.pk])
    data = form_data(
        client,
        url,
        rating="3",
        title="Changed my mind",
        comment="After a month the print started to fade.",
    )
    assert client.post(url, data).status_code == 302

    review.refresh_from_db()
    assert (review.rating, review.title, review.is_public) == (3, "Changed my mind", False)
    assert ReviewSummary.objects.get(product=product).count == 0


def test_edits_stay_published_when_the_policy_allows(client, shop, product, buyer):
    policy = ReviewSettings.for_site(shop.site)
    policy.edits_need_moderation = False
    policy.save()
    review = write(product, buyer, rating=5)
    client.force_login(buyer)
    url = reverse("storefront:review_edit", args=[review.pk])
    data = form_data(
        client,
        url,
        rating="4",
        title="Still good",
        comment="After a month it is still my favourite mug.",
    )
    client.post(url, data)
    review.refresh_from_db()
    assert review.is_public
    summary = ReviewSummary.objects.get(product=product)
    assert (summary.count, summary.stars_4, summary.stars_5) == (1, 1, 0)


def test_others_cannot_edit_or_delete_a_review(client, product, buyer):
    review = write(product, buyer)
    client.force_login(make_user("intruder"))
    assert client.get(reverse("storefront:review_edit", args=[review.pk])).status_code == 404
    assert client.post(reverse("storefront:review_delete", args=[review.pk])).status_code == 404
    assert ProductReview.objects.filter(pk=review.pk).exists()


def test_the_author_deletes_their_review(client, product, buyer):
    review = write(product, buyer)
    client.force_login(buyer)
    assert client.post(reverse("storefront:review_delete", args=[review.pk])).status_code == 302
    assert not ProductReview.objects.filter(pk=review.pk).exists()
    assert ReviewSummary.objects.get(product=product).count == 0


# ---------------------------------------------------------------------------- votes and reports


def test_voting_helpful_then_not(client, product, buyer):
    review = write(product, buyer)
    voter = make_user("voter")
    client.force_login(voter)
    url = reverse("storefront:review_vote", args=[review.pk])

    client.post(url, {"helpful": "1"})
    client.post(url, {"helpful": "1"})
    review.refresh_from_db()
    assert (review.helpful_count, review.unhelpful_count) == (1, 0)

    client.post(url, {"helpful": "0"})
    review.refresh_from_db()
    assert (review.helpful_count, review.unhelpful_count) == (0, 1)
    button = soup(client.get(product.url)).select_one(f"#review-{review.pk} [aria-pressed]")
    assert button.get_text() == "Not helpful"


@pytest.mark.parametrize("value", ["", "2", "yes"])
def test_bad_votes_are_refused(client, product, buyer, value):
    review = write(product, buyer)
    client.force_login(make_user("voter"))
    response = client.post(reverse("storefront:review_vote", args=[review.pk]), {"helpful": value})
    assert response.status_code == 400
    assert "helpful or not" in response.content.decode()


def test_no_voting_on_your_own_review_or_as_a_guest(client, product, buyer):
    review = write(product, buyer)
    url = reverse("storefront:review_vote", args=[review.pk])
    assert client.post(url, {"helpful": "1"}).status_code == 302  # to the login page
    client.force_login(buyer)
    response = client.post(url, {"helpful": "1"})
    assert response.status_code == 400
    assert "your own review" in response.content.decode()
    review.refresh_from_db()
    assert review.helpful_count == 0


def test_held_reviews_cannot_be_voted_on_or_reported(client, product):
    held = write(product, make_user("author"))
    client.force_login(make_user("voter"))
    assert (
        client.post(reverse("storefront:review_vote", args=[held.pk]), {"helpful": "1"}).status_code
        == 404
    )
    assert client.get(reverse("storefront:review_flag", args=[held.pk])).status_code == 404


def test_votes_are_rate_limited(client, product, buyer, settings):
    settings.STOREFRONT_RATE_REVIEW_VOTE = "3/m"
    review = write(product, buyer)
    client.force_login(make_user("voter"))
    url = reverse("storefront:review_vote", args=[review.pk])
    statuses = [client.post(url, {"helpful": str(n % 2)}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_reporting_a_review(client, product, buyer):
    from django_comments.models import CommentFlag

    review = write(product, buyer)
    reporter = make_user("reporter")
    client.force_login(reporter)
    url = reverse("storefront:review_flag", args=[review.pk])

    refused = client.post(url, {"reason": "", "note": ""})
    assert refused.status_code == 400
    assert not CommentFlag.objects.exists()

    assert client.post(url, {"reason": "spam", "note": "Advertises a website"}).status_code == 302
    flag = CommentFlag.objects.get(comment=review, user=reporter)
    assert flag.flag == CommentFlag.SUGGEST_REMOVAL
    assert (flag.reason.reason, flag.reason.note) == ("spam", "Advertises a website")


def test_reports_are_rate_limited(client, product, buyer, settings):
    settings.STOREFRONT_RATE_REVIEW_FLAG = "1/m"
    review = write(product, buyer)
    client.force_login(make_user("reporter"))
    url = reverse("storefront:review_flag", args=[review.pk])
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert client.post(url, {"reason": "fake"}).status_code == 429


# ---------------------------------------------------------------------------- API


def test_api_lists_reviews_with_the_page_sorting_and_filters(
    client, product, five_reviews, moderator
):
    review_reply(review=five_reviews[0], text="We are sorry.", actor=moderator)
    url = f"/api/storefront/products/{product.pk}/reviews"

    body = client.get(url, {"sort": "lowest"}).json()
    assert body["count"] == 5
    assert [r["rating"] for r in body["results"]] == [1, 2, 3, 4, 5]
    assert body["results"][0]["reply"]["text"] == "We are sorry."
    assert body["results"][1]["reply"] is None
    assert [r["rating"] for r in client.get(url, {"verified": "true"}).json()["results"]] == [
        5,
        3,
        1,
    ]
    assert client.get(url, {"stars": 2}).json()["count"] == 1


def test_api_rating_summary(client, product, five_reviews):
    body = client.get(f"/api/storefront/products/{product.pk}/rating").json()
    assert body == {
        "product_id": product.pk,
        "count": 5,
        "average": "3.00",
        "histogram": {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1},
    }


@pytest.mark.parametrize(
    ("query", "status"),
    [({"stars": 0}, 422), ({"stars": 6}, 422), ({"sort": "random"}, 422), ({"page": 9}, 404)],
)
def test_api_refuses_bad_review_queries(client, product, five_reviews, query, status):
    response = client.get(f"/api/storefront/products/{product.pk}/reviews", query)
    assert response.status_code == status


def test_api_unknown_or_unpublished_product_is_404(client, product_factory):
    hidden = product_factory(live=False)
    assert client.get(f"/api/storefront/products/{hidden.pk}/rating").status_code == 404
    assert client.get("/api/storefront/products/999999/reviews").status_code == 404


def test_vote_service_matches_the_page_votes(product, buyer):
    review = write(product, buyer)
    review_vote(review=review, user=make_user("a"), helpful=True)
    review_vote(review=review, user=make_user("b"), helpful=False)
    review.refresh_from_db()
    assert (review.helpful_count, review.unhelpful_count) == (1, 1)


@pytest.mark.parametrize("payload", XSS)
def test_review_content_is_escaped_in_the_follow_up_email(
    product, buyer, moderator, payload, mailoutbox, django_capture_on_commit_callbacks
):
    following = review_submit(
        product=product,
        user=make_user("follower"),
        rating=4,
        title="Following",
        text="I want to hear what the shop answers.",
        name=payload[:50],
        followup=True,
    )
    review_moderate(review=following, status="approved", actor=moderator)
    review = write(product, buyer, title=payload[:120])
    with django_capture_on_commit_callbacks(execute=True):
        review_reply(review=review, text=f"Thanks! {payload}", actor=moderator)

    (message,) = mailoutbox
    assert message.to == ["follower@example.com"]
    html = message.alternatives[0][0]
    assert payload not in html
    assert BeautifulSoup(html, "html.parser").find_all(["script", "img", "svg"]) == []


def test_a_review_link_writes_for_the_orders_customer_whoever_is_logged_in(
    client, shop, product, buyer
):
    from storefront.orders.models import Order
    from storefront.reviews.access import review_link_token

    order = Order.objects.get(user=buyer)
    url = reverse(
        "storefront:review_write_link", args=[review_link_token(order=order, product_id=product.pk)]
    )
    client.force_login(make_user("forwarded-to"))
    data = form_data(client, url, rating="5", title="Nice", comment="Really nice, as promised.")

    assert client.post(url, data).status_code == 302
    review = ProductReview.objects.get(product=product)
    assert (review.user, review.user_email, review.verified) == (buyer, buyer.email, True)


# ---------------------------------------------------------------------------- my reviews


def test_my_reviews_lists_own_reviews_and_products_waiting_for_one(
    client, shop, product_factory, product, buyer, moderator
):
    from tests.factories import make_order
    from tests.reviews.conftest import deliver

    mug = product_factory(title="Second mug")
    deliver(make_order(shop=shop, items=[(mug.variants.get(), 1)], user=buyer))
    review = write(product, buyer, title="Mine")
    review_reply(review=review, text="Glad you like it!", actor=moderator)
    write(product_factory(title="Someone else's"), make_user("stranger"), title="Not mine")
    url = reverse("storefront:my_reviews")

    assert client.get(url).status_code == 302
    client.force_login(buyer)
    page = soup(client.get(url))

    assert [a.get_text() for a in page.select(".to-review li > a:first-child")] == ["Second mug"]
    (shown,) = page.select("article.review")
    assert "Mine" in shown.h3.get_text() and "Published" in shown.get_text()
    assert "Glad you like it!" in shown.select_one(".shop-reply").get_text()
    assert "Not mine" not in page.get_text()


def test_the_form_says_whether_the_review_will_be_verified(client, product, buyer):
    url = reverse("storefront:review_write", args=[product.pk])
    client.force_login(buyer)
    assert "verified buyer" in soup(client.get(url)).select_one(".narrow").get_text()
    client.force_login(make_user("browser"))
    assert "reads your review before it appears" in client.get(url).content.decode()
