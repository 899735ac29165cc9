"""The per-product review summaries and rating columns stay exact under any mix of review
changes, and the rebuild command repairs them when they were tampered with."""

import random
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from storefront.products.models import ProductPage, ProductVariant
from storefront.reviews.models import ProductReview, ReviewSettings, ReviewStatus, ReviewSummary
from storefront.reviews.services import (
    ReviewError,
    review_delete,
    review_edit,
    review_moderate,
    review_reply,
    review_submit,
    review_summary_rebuild,
)
from tests.factories import make_order, make_user
from tests.reviews.conftest import deliver

TEXTS = [
    "A solid product that does exactly what it promises.",
    "Arrived quickly and looks even better than the photos.",
    "Cheaper at https://elsewhere.example but the quality here is fine.",  # held: a link
    "Disappointing finish, the glaze chipped after one week of use.",
]
STEPS = 150


def stored_figures(products) -> dict[int, tuple]:
    """What the services keep: the summary row (zeros if none) and the product's columns."""
    summaries = {summary.product_id: summary for summary in ReviewSummary.objects.all()}
    columns = {
        pk: (average, count)
        for pk, average, count in ProductPage.objects.filter(
            pk__in=[product.pk for product in products]
        ).values_list("pk", "rating_average", "rating_count")
    }
    figures = {}
    for product in products:
        summary = summaries.get(product.pk) or ReviewSummary()
        figures[product.pk] = (
            summary.count,
            summary.rating_total,
            tuple(getattr(summary, f"stars_{n}") for n in range(1, 6)),
            summary.average,
            columns[product.pk],
        )
    return figures


def counted_figures(products) -> dict[int, tuple]:
    """The same figures counted straight from the published reviews."""
    ratings = {product.pk: [] for product in products}
    for product_id, rating in ProductReview.objects.filter(
        is_shop_reply=False, is_public=True, is_removed=False
    ).values_list("product_id", "rating"):
        ratings[product_id].append(rating)
    figures = {}
    for product_id, found in ratings.items():
        average = (
            (Decimal(sum(found)) / len(found)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if found
            else None
        )
        figures[product_id] = (
            len(found),
            sum(found),
            tuple(found.count(n) for n in range(1, 6)),
            average,
            (average, len(found)),
        )
    return figures


def assert_exact(products, step: str) -> None:
    kept = stored_figures(products)
    review_summary_rebuild()
    rebuilt = stored_figures(products)
    counted = counted_figures(products)
    assert kept == counted, f"incremental summary drifted after {step}"
    assert rebuilt == counted, f"rebuilt summary is wrong after {step}"


@pytest.fixture
def catalogue(shop, product_factory):
    return [product_factory(title=f"Mug {n}", price="12.00") for n in range(3)]


def customers(shop, products, rng: random.Random) -> list:
    """Fifteen customers; about half received each product (their reviews are verified)."""
    users = []
    for n in range(15):
        user = make_user(f"customer{n}", first_name=f"C{n}")
        received = [product for product in products if rng.random() < 0.5]
        if received:
            items = [(ProductVariant.objects.filter(product=p).first(), 1) for p in received]
            deliver(make_order(shop=shop, items=items, user=user))
        users.append(user)
    return users


def test_summaries_stay_exact_through_random_review_changes(shop, catalogue, moderator):
    rng = random.Random(7)
    users = customers(shop, catalogue, rng)
    policy = ReviewSettings.for_site(shop.site)
    done = Counter()
    assert_exact(catalogue, "setup")

    for step in range(STEPS):
        reviews = list(ProductReview.objects.filter(is_shop_reply=False).order_by("pk"))
        action = rng.choice(
            ["submit", "submit", "submit", "approve", "reject", "edit", "delete", "reply", "policy"]
        )
        if action != "submit" and not reviews:
            action = "submit"
        review = rng.choice(reviews) if reviews else None
        if action == "submit":
            user, product = rng.choice(users), rng.choice(catalogue)
            try:
                review_submit(
                    product=product,
                    user=user,
                    rating=rng.randint(1, 5),
                    title=f"Step {step}",
                    text=rng.choice(TEXTS),
                    name=user.first_name,
                )
            except ReviewError:
                assert ProductReview.objects.filter(product=product, user=user).exists()
                action = "submit-refused"
        elif action in ("approve", "reject"):
            status = ReviewStatus.APPROVED if action == "approve" else ReviewStatus.REJECTED
            review_moderate(review=review, status=status, actor=moderator)
        elif action == "edit":
            review_edit(
                review=review,
                user=review.user,
                rating=rng.randint(1, 5),
                title=review.title,
                text=rng.choice(TEXTS),
                name=review.user_name,
            )
        elif action == "delete":
            review_delete(review=review, user=rng.choice([review.user, moderator]))
        elif action == "reply":
            review_reply(review=review, text=f"Thanks, step {step}.", actor=moderator)
        else:
            policy.edits_need_moderation = rng.random() < 0.5
            policy.publish_verified_at_once = rng.random() < 0.7
            policy.save()
        done[action] += 1
        assert_exact(catalogue, f"step {step} ({action})")

    assert min(done[name] for name in ("submit", "approve", "reject", "edit", "delete")) >= 5
    assert ProductReview.objects.filter(is_shop_reply=False, is_public=True).count() >= 5


def test_rebuild_command_repairs_tampered_summaries(shop, catalogue, moderator):
    rng = random.Random(7)
    users = customers(shop, catalogue, rng)
    for user in users:
        review = review_submit(
            product=rng.choice(catalogue),
            user=user,
            rating=rng.randint(1, 5),
            title="Fine",
            text=TEXTS[0],
            name=user.first_name,
        )
        review_moderate(review=review, status=ReviewStatus.APPROVED, actor=moderator)
    correct = counted_figures(catalogue)
    first, second, third = catalogue
    ReviewSummary.objects.filter(product=first).update(count=99, rating_total=7, stars_5=40)
    ReviewSummary.objects.filter(product=second).delete()
    ProductPage.objects.filter(pk=third.pk).update(rating_average=Decimal("1.00"), rating_count=0)
    assert stored_figures(catalogue) != correct

    out = StringIO()
    call_command("storefront_rebuild_review_summaries", stdout=out)

    assert stored_figures(catalogue) == correct
    assert "Rebuilt the review summaries of 3 product(s)." in out.getvalue()


def test_the_rebuild_task_run_twice_gives_the_same_figures(shop, catalogue, moderator):
    from storefront.reviews.tasks import storefront_rebuild_review_summaries

    rng = random.Random(11)
    for user in customers(shop, catalogue, rng)[:6]:
        review = review_submit(
            product=rng.choice(catalogue),
            user=user,
            rating=rng.randint(1, 5),
            title="Fine",
            text=TEXTS[0],
            name=user.first_name,
        )
        review_moderate(review=review, status=ReviewStatus.APPROVED, actor=moderator)
    correct = counted_figures(catalogue)

    runs = [storefront_rebuild_review_summaries.enqueue() for _ in "ab"]

    assert [run.return_value for run in runs] == [3, 3]
    assert stored_figures(catalogue) == correct
