"""Reviews written, moderated, voted on and requested at the same moment, on PostgreSQL.

The summary and the vote counts are changed under row locks, the one-review rule is a unique
constraint, and review requests are claimed per order: racing threads must leave exact
figures, one review and one e-mail.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from storefront.orders.models import Order
from storefront.products.models import ProductPage
from storefront.reviews.models import ProductReview, ReviewRequest, ReviewSummary
from storefront.reviews.services import (
    ReviewError,
    review_moderate,
    review_requests_send,
    review_submit,
    review_summary_rebuild,
    review_vote,
)
from tests.concurrency.threads import run_together
from tests.factories import make_order, make_product, make_shop, make_user
from tests.reviews.conftest import deliver, make_moderator

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Sturdy, bright and exactly as pictured."


@pytest.fixture
def shop():
    return make_shop()


@pytest.fixture
def product(shop):
    return make_product(index=shop.index, title="Racing mug")


def summary_figures(product) -> tuple:
    summary = ReviewSummary.objects.get(product=product)
    page = ProductPage.objects.get(pk=product.pk)
    return (
        summary.count,
        summary.rating_total,
        [getattr(summary, f"stars_{n}") for n in range(1, 6)],
        page.rating_count,
        page.rating_average,
    )


def test_approvals_racing_keep_the_summary_exact(product):
    moderator = make_moderator()
    held = [
        review_submit(
            product=product,
            user=make_user(f"writer{n}"),
            rating=1 + n % 5,
            title=f"Review {n}",
            text=TEXT,
            name=f"Writer {n}",
        )
        for n in range(8)
    ]
    assert not any(review.is_public for review in held)

    outcomes = run_together(
        [
            lambda review=review: review_moderate(review=review, status="approved", actor=moderator)
            for review in held
        ]
    )

    assert all(isinstance(outcome, ProductReview) for outcome in outcomes), outcomes
    incremental = summary_figures(product)
    review_summary_rebuild()
    assert summary_figures(product) == incremental
    assert incremental[0] == 8 and incremental[2] == [2, 2, 2, 1, 1]


def test_votes_racing_are_all_counted_once(product):
    author = make_user("author")
    review = review_submit(
        product=product, user=author, rating=5, title="Great", text=TEXT, name="Author"
    )
    review_moderate(review=review, status="approved", actor=make_moderator())
    voters = [make_user(f"voter{n}") for n in range(8)]

    outcomes = run_together(
        [
            lambda voter=voter: review_vote(review=review, user=voter, helpful=True)
            for voter in voters
        ]
        + [lambda: review_vote(review=review, user=voters[0], helpful=True)]
    )

    assert all(isinstance(outcome, ProductReview) for outcome in outcomes), outcomes
    review.refresh_from_db()
    assert review.helpful_count == 8
    assert CommentFlag.objects.filter(comment=review, flag=LIKEDIT_FLAG).count() == 8


def test_one_customer_in_two_tabs_gets_one_review(product):
    user = make_user("twotabs")

    def submit(title):
        return lambda: review_submit(
            product=product, user=user, rating=4, title=title, text=TEXT, name="Tabs"
        )

    outcomes = run_together([submit("First tab"), submit("Second tab")])

    reviews = [outcome for outcome in outcomes if isinstance(outcome, ProductReview)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, ReviewError)]
    assert (len(reviews), len(refusals)) == (1, 1), outcomes
    assert "already reviewed" in str(refusals[0])
    assert ProductReview.objects.filter(product=product, user=user).count() == 1


def test_review_requests_sent_by_three_workers_at_once_go_out_once(shop, product):
    variant = product.variants.get()
    for n in range(5):
        user = get_user_model().objects.create_user(f"buyer{n}", f"buyer{n}@example.com", "x")
        deliver(make_order(shop=shop, items=[(variant, 1)], user=user))
    Order.objects.update(delivered_at=timezone.now() - timedelta(days=10))
    mail.outbox.clear()

    outcomes = run_together([review_requests_send, review_requests_send, review_requests_send])

    assert sum(outcomes) == 5, outcomes
    requests = [m for m in mail.outbox if "How do you like" in m.subject]
    assert sorted(m.to[0] for m in requests) == [f"buyer{n}@example.com" for n in range(5)]
    assert ReviewRequest.objects.filter(sent_at__isnull=False).count() == 5
