"""The review services: who may write, edit, delete, vote, report, moderate and answer a review,
what the shop's review policy holds back, and how the product's summary follows."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG
from PIL import Image

from storefront.core.models import ShopSettings
from storefront.core.uploads import image_upload_clean
from storefront.orders.models import OrderStatus
from storefront.orders.services import order_transition
from storefront.products.models import ProductPage, ProductVariant
from storefront.reviews.models import (
    FlagReason,
    ProductReview,
    ReviewFlagReason,
    ReviewStatus,
    ReviewSummary,
)
from storefront.reviews.services import (
    ReviewError,
    ReviewNotAllowed,
    review_delete,
    review_edit,
    review_flag,
    review_moderate,
    review_reply,
    review_submit,
    review_vote,
    reviews_moderate_bulk,
)
from storefront.reviews.signals import review_approved
from tests.factories import make_order, make_user
from tests.reviews.conftest import deliver, make_moderator

TEXT = "A sturdy mug that keeps my tea hot for a long time."


# ---------------------------------------------------------------------------- helpers


@pytest.fixture
def customer_of(shop):
    """``customer_of(product, username)``: a user whose order of ``product`` was delivered."""

    def build(product: ProductPage, username: str):
        user = make_user(username)
        variant = ProductVariant.objects.filter(product=product).first()
        deliver(make_order(shop=shop, items=[(variant, 1)], user=user))
        return user

    return build


def submit(product, user=None, **fields) -> ProductReview:
    fields = {"rating": 4, "title": "Good mug", "text": TEXT, "name": "Bea", **fields}
    return review_submit(product=product, user=user, **fields)


def edit(review, user, **fields) -> ProductReview:
    fields = {
        "rating": review.rating,
        "title": review.title,
        "text": review.comment,
        "name": review.user_name,
        **fields,
    }
    return review_edit(review=review, user=user, **fields)


def photo(colour: str = "#2e86de"):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, format="PNG")
    return image_upload_clean(SimpleUploadedFile("mug.png", buffer.getvalue()), name="review")


def summary_of(product) -> tuple[int, int, list[int]]:
    """(count, rating total, [1★ … 5★]) of the stored summary; zeros when there is none."""
    summary = ReviewSummary.objects.filter(product=product).first() or ReviewSummary()
    stars = [getattr(summary, f"stars_{n}") for n in range(1, 6)]
    return summary.count, summary.rating_total, stars


def product_rating(product) -> tuple[Decimal | None, int]:
    return tuple(
        ProductPage.objects.filter(pk=product.pk).values_list("rating_average", "rating_count")[0]
    )


def status_of(review) -> str:
    return ProductReview.objects.get(pk=review.pk).status


@pytest.fixture
def approvals():
    """The reviews ``review_approved`` announced, in order."""
    received = []

    def handler(sender, review, **kwargs):
        received.append(review.pk)

    review_approved.connect(handler)
    yield received
    review_approved.disconnect(handler)


@pytest.fixture
def other(db):
    return make_user("other")


@pytest.fixture
def published(product, buyer):
    review = submit(product, buyer, rating=4)
    assert review.status == ReviewStatus.APPROVED
    return review


@pytest.fixture
def pending(product, other):
    review = submit(product, other, rating=2, name="Otto")
    assert review.status == ReviewStatus.PENDING
    return review


# ---------------------------------------------------------------------------- review_submit


def test_verified_buyers_review_is_published_at_once(product, buyer):
    review = submit(product, buyer, rating=4)

    review = ProductReview.objects.get(pk=review.pk)
    assert review.status == ReviewStatus.APPROVED
    assert review.verified is True
    assert review.verified_order.user == buyer
    assert summary_of(product) == (1, 4, [0, 0, 0, 1, 0])
    assert product_rating(product) == (Decimal("4.00"), 1)


def test_review_of_a_customer_who_did_not_receive_the_product_is_held(product, other):
    review = submit(product, other)

    review = ProductReview.objects.get(pk=review.pk)
    assert review.status == ReviewStatus.PENDING
    assert review.verified is False
    assert summary_of(product)[0] == 0
    assert product_rating(product) == (None, 0)


def test_order_not_delivered_yet_does_not_make_a_review_verified(shop, product, other):
    variant = ProductVariant.objects.filter(product=product).first()
    order = make_order(shop=shop, items=[(variant, 1)], user=other)
    for status in (OrderStatus.PAID, OrderStatus.SHIPPED):
        order_transition(order=order, to_status=status)

    review = submit(product, other)

    assert (review.verified, review.status) == (False, ReviewStatus.PENDING)


def test_hold_all_policy_holds_verified_buyers_too(policy, product, buyer):
    policy(publish_verified_at_once=False)

    review = submit(product, buyer)

    assert review.verified is True
    assert status_of(review) == ReviewStatus.PENDING
    assert summary_of(product)[0] == 0


@pytest.mark.parametrize(
    "text",
    [
        "Great mug, more at https://cheap-mugs.example for less money!",
        "Great mug, see www.cheap-mugs.example for more of these.",
        "Great mug, I found it cheaper on cheapmugs.com last week.",
    ],
)
def test_review_with_a_link_is_held_when_links_are_held(product, buyer, text):
    review = submit(product, buyer, text=text)

    assert status_of(review) == ReviewStatus.PENDING


def test_review_with_a_link_is_published_when_links_are_allowed(policy, product, buyer):
    policy(hold_links=False)

    review = submit(product, buyer, text="Great mug, more at https://example.com/mugs here.")

    assert status_of(review) == ReviewStatus.APPROVED


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Good mug", "Came with a FREE GIFT voucher inside the box, lovely."),
        ("Refund please", TEXT),
    ],
    ids=["in-text-upper-case", "in-title"],
)
def test_held_words_hold_a_review_whatever_their_case(policy, product, buyer, title, text):
    policy(held_words="free gift\n  REFUND  \n")

    review = submit(product, buyer, title=title, text=text)

    assert status_of(review) == ReviewStatus.PENDING


def test_review_without_held_words_is_published(policy, product, buyer):
    policy(held_words="free gift\nrefund")

    review = submit(product, buyer)

    assert status_of(review) == ReviewStatus.APPROVED


def test_review_published_at_once_is_announced_once_after_commit(
    django_capture_on_commit_callbacks, approvals, product, buyer
):
    with django_capture_on_commit_callbacks(execute=True):
        review = submit(product, buyer)
        assert approvals == []

    assert approvals == [review.pk]


def test_held_review_is_not_announced(
    django_capture_on_commit_callbacks, approvals, product, other
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(product, other)

    assert approvals == []


def test_product_no_longer_for_sale_cannot_be_reviewed(product, buyer):
    ProductPage.objects.filter(pk=product.pk).update(live=False)
    product.refresh_from_db()

    with pytest.raises(ReviewError, match="not for sale any more"):
        submit(product, buyer)

    assert not ProductReview.objects.exists()


def test_text_shorter_than_the_minimum_is_refused_with_a_message(policy, product, buyer):
    policy(min_length=40)

    with pytest.raises(ReviewError, match="Please write at least 40 characters"):
        submit(product, buyer, text="  Nice mug, very nice.              ")

    assert not ProductReview.objects.exists()
    assert summary_of(product)[0] == 0


@pytest.mark.parametrize("rating", [0, 6, -1, None, "5"])
def test_rating_outside_one_to_five_is_refused(product, buyer, rating):
    with pytest.raises(ReviewError, match="Choose a rating from 1 to 5 stars"):
        submit(product, buyer, rating=rating)

    assert not ProductReview.objects.exists()


def test_second_review_of_the_same_product_is_refused_and_changes_nothing(product, buyer):
    first = submit(product, buyer, rating=5, title="Love it")
    before = summary_of(product)

    with pytest.raises(ReviewError, match="already reviewed this product"):
        submit(product, buyer, rating=1, title="Hate it")

    assert list(ProductReview.objects.values_list("pk", "rating", "title")) == [
        (first.pk, 5, "Love it")
    ]
    assert summary_of(product) == before


def test_guest_without_an_order_is_refused(product):
    for guest in (None, AnonymousUser()):
        with pytest.raises(ReviewError, match="Please log in to write a review"):
            submit(product, guest, email="walk-in@example.com")

    assert not ProductReview.objects.exists()


def test_guest_with_a_delivered_order_writes_a_verified_review(shop, product):
    variant = ProductVariant.objects.filter(product=product).first()
    order = deliver(make_order(shop=shop, items=[(variant, 1)], email="Guest@Example.com"))

    review = submit(product, order=order, name="Gus")

    review = ProductReview.objects.get(pk=review.pk)
    assert review.user is None
    assert (review.verified, review.verified_order) == (True, order)
    assert review.user_email == "Guest@Example.com"
    assert review.status == ReviewStatus.APPROVED
    assert summary_of(product)[0] == 1


def test_guest_order_of_another_product_is_refused(shop, product, product_factory):
    teapot = product_factory(title="Teapot")
    variant = ProductVariant.objects.filter(product=teapot).first()
    order = deliver(make_order(shop=shop, items=[(variant, 1)]))

    with pytest.raises(ReviewError, match="not for this product"):
        submit(product, order=order)

    assert not ProductReview.objects.exists()


def test_guest_can_review_a_product_only_once(shop, product):
    variant = ProductVariant.objects.filter(product=product).first()
    order = deliver(make_order(shop=shop, items=[(variant, 1)], email="gus@example.com"))
    submit(product, order=order)

    with pytest.raises(ReviewError, match="already reviewed this product"):
        submit(product, order=order, rating=1)

    assert ProductReview.objects.count() == 1


def test_more_than_three_photos_are_refused(product, buyer):
    with pytest.raises(ReviewError, match="at most 3 photos"):
        submit(product, buyer, photos=[photo() for _ in range(4)])

    assert not ProductReview.objects.exists()


# ---------------------------------------------------------------------------- review_edit


@pytest.mark.parametrize("who", ["other", "moderator"])
def test_only_the_author_can_edit_a_review(published, other, moderator, who):
    intruder = {"other": other, "moderator": moderator}[who]

    with pytest.raises(ReviewNotAllowed, match="Only the author"):
        edit(published, intruder, rating=1, text="Changed by someone else entirely.")

    review = ProductReview.objects.get(pk=published.pk)
    assert (review.rating, review.comment, review.status) == (4, TEXT, ReviewStatus.APPROVED)


def test_edited_published_review_goes_back_to_moderation_when_policy_says_so(
    product, buyer, published
):
    review = edit(published, buyer, text=TEXT + " Still going strong.")

    assert status_of(review) == ReviewStatus.PENDING
    assert summary_of(product)[0] == 0
    assert product_rating(product) == (None, 0)


def test_edited_published_review_stays_published_when_edits_are_trusted(
    policy, product, buyer, published
):
    policy(edits_need_moderation=False)

    review = edit(published, buyer, text=TEXT + " Still going strong.")

    stored = ProductReview.objects.get(pk=review.pk)
    assert stored.status == ReviewStatus.APPROVED
    assert stored.comment.endswith("Still going strong.")
    assert stored.updated_at is not None
    assert summary_of(product) == (1, 4, [0, 0, 0, 1, 0])


def test_rating_change_moves_the_review_in_the_histogram(policy, product, buyer, published):
    policy(edits_need_moderation=False)

    edit(published, buyer, rating=2)

    assert summary_of(product) == (1, 2, [0, 1, 0, 0, 0])
    assert product_rating(product) == (Decimal("2.00"), 1)


def test_edit_that_breaks_the_rules_is_refused_and_changes_nothing(buyer, published):
    with pytest.raises(ReviewError, match="Choose a rating from 1 to 5 stars"):
        edit(published, buyer, rating=9, text="Something completely different now.")

    review = ProductReview.objects.get(pk=published.pk)
    assert (review.rating, review.comment, review.status) == (4, TEXT, ReviewStatus.APPROVED)


def test_edit_cannot_bring_a_review_over_three_photos(product, buyer):
    review = submit(product, buyer, photos=[photo(), photo()])

    with pytest.raises(ReviewError, match="at most 3 photos"):
        edit(review, buyer, add_photos=[photo(), photo()])

    assert review.photos.count() == 2


def test_edit_can_swap_photos_within_the_limit(product, buyer):
    review = submit(product, buyer, photos=[photo(), photo()])
    dropped = review.photos.first()

    edit(review, buyer, add_photos=[photo(), photo()], remove_photo_ids=[dropped.pk])

    assert review.photos.count() == 3
    assert not review.photos.filter(pk=dropped.pk).exists()


# ---------------------------------------------------------------------------- review_delete


@pytest.mark.parametrize("who", ["author", "moderator"])
def test_author_or_moderator_deletes_a_review_and_the_summary_follows(
    product, buyer, moderator, published, who
):
    review_delete(review=published, user={"author": buyer, "moderator": moderator}[who])

    assert not ProductReview.objects.filter(pk=published.pk).exists()
    assert summary_of(product) == (0, 0, [0, 0, 0, 0, 0])
    assert product_rating(product) == (None, 0)


def test_nobody_else_can_delete_a_review(product, other, published):
    with pytest.raises(ReviewNotAllowed):
        review_delete(review=published, user=other)

    assert ProductReview.objects.filter(pk=published.pk).exists()
    assert summary_of(product)[0] == 1


def test_deleting_a_review_deletes_the_shops_reply(buyer, moderator, published):
    reply = review_reply(review=published, text="Thank you, Bea!", actor=moderator)

    review_delete(review=published, user=buyer)

    assert not ProductReview.objects.filter(pk__in=[published.pk, reply.pk]).exists()


def test_deleting_a_review_deletes_its_photo_files_after_commit(
    product, buyer, django_capture_on_commit_callbacks
):
    review = submit(product, buyer, photos=[photo()])
    stored = review.photos.get()
    names = [stored.image.name, stored.thumbnail.name]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review_delete(review=review, user=buyer)
    assert all(default_storage.exists(name) for name in names)  # not before the commit
    for callback in callbacks:
        callback()

    assert not any(default_storage.exists(name) for name in names)


def test_deleting_a_held_review_leaves_the_summary_alone(product, other, published, pending):
    review_delete(review=pending, user=other)

    assert summary_of(product) == (1, 4, [0, 0, 0, 1, 0])


# ---------------------------------------------------------------------------- review_vote


def votes(review) -> tuple[int, int]:
    review = ProductReview.objects.get(pk=review.pk)
    return review.helpful_count, review.unhelpful_count


def test_author_cannot_vote_on_their_own_review(buyer, published):
    with pytest.raises(ReviewError, match="your own review"):
        review_vote(review=published, user=buyer, helpful=True)

    assert votes(published) == (0, 0)
    assert not CommentFlag.objects.filter(comment=published).exists()


def test_held_review_cannot_be_voted_on(buyer, pending):
    with pytest.raises(ReviewError, match="Only published reviews"):
        review_vote(review=pending, user=buyer, helpful=True)

    assert votes(pending) == (0, 0)


def test_guest_cannot_vote(published):
    with pytest.raises(ReviewNotAllowed, match="log in"):
        review_vote(review=published, user=AnonymousUser(), helpful=True)

    assert votes(published) == (0, 0)


def test_same_vote_twice_counts_once(other, published):
    review_vote(review=published, user=other, helpful=True)
    review_vote(review=published, user=other, helpful=True)

    assert votes(published) == (1, 0)
    assert CommentFlag.objects.filter(comment=published, user=other).count() == 1


def test_changing_a_vote_moves_it_to_the_other_count(other, published):
    review_vote(review=published, user=other, helpful=True)

    review = review_vote(review=published, user=other, helpful=False)

    assert (review.helpful_count, review.unhelpful_count) == (0, 1)
    assert votes(published) == (0, 1)


def test_vote_counts_equal_the_stored_votes(published):
    voters = [make_user(f"voter{n}") for n in range(5)]
    plan = [True, True, False, True, False, False, True, True, False, True]
    for n, helpful in enumerate(plan):
        review_vote(review=published, user=voters[n % 5], helpful=helpful)

    flags = CommentFlag.objects.filter(comment=published)
    assert votes(published) == (
        flags.filter(flag=LIKEDIT_FLAG).count(),
        flags.filter(flag=DISLIKEDIT_FLAG).count(),
    )
    assert sum(votes(published)) == 5


# ---------------------------------------------------------------------------- review_flag


@pytest.mark.parametrize("reason", ["", "rude", "SPAM"])
def test_flag_needs_a_known_reason(other, published, reason):
    with pytest.raises(ReviewError, match="Choose why this review should be removed"):
        review_flag(review=published, user=other, reason=reason)

    assert not CommentFlag.objects.filter(comment=published).exists()


def test_flag_is_stored_with_its_reason_and_note(other, published):
    review_flag(review=published, user=other, reason=FlagReason.FAKE, note="  Never sold here. ")

    flag = CommentFlag.objects.get(comment=published)
    assert (flag.user, flag.flag) == (other, CommentFlag.SUGGEST_REMOVAL)
    assert (flag.reason.reason, flag.reason.note) == (FlagReason.FAKE, "Never sold here.")


def test_second_flag_by_the_same_user_updates_the_reason(other, published):
    review_flag(review=published, user=other, reason=FlagReason.SPAM)

    review_flag(review=published, user=other, reason=FlagReason.OFFENSIVE, note="Rude words")

    flag = CommentFlag.objects.get(comment=published)
    assert ReviewFlagReason.objects.filter(flag__comment=published).count() == 1
    assert (flag.reason.reason, flag.reason.note) == (FlagReason.OFFENSIVE, "Rude words")


def test_held_review_cannot_be_flagged(buyer, pending):
    with pytest.raises(ReviewError, match="Only published reviews"):
        review_flag(review=pending, user=buyer, reason=FlagReason.SPAM)

    assert not CommentFlag.objects.filter(comment=pending).exists()


# ---------------------------------------------------------------------------- moderation


@pytest.fixture
def moderation_outsiders(db):
    return {
        "customer": make_user("customer"),
        "staff-without-permission": make_user("clerk", is_staff=True),
        "inactive-moderator": _inactive_moderator(),
    }


def _inactive_moderator():
    user = make_moderator("retired")
    user.is_active = False
    user.save()
    return user


@pytest.mark.parametrize("who", ["customer", "staff-without-permission", "inactive-moderator"])
def test_only_moderators_moderate(moderation_outsiders, pending, who):
    actor = moderation_outsiders[who]

    with pytest.raises(ReviewNotAllowed, match="Only staff"):
        review_moderate(review=pending, status=ReviewStatus.APPROVED, actor=actor)
    with pytest.raises(ReviewNotAllowed, match="Only staff"):
        reviews_moderate_bulk(review_ids=[pending.pk], status=ReviewStatus.APPROVED, actor=actor)

    assert status_of(pending) == ReviewStatus.PENDING
    assert not CommentFlag.objects.filter(comment=pending).exists()


def test_moderation_to_an_unknown_status_is_refused(moderator, pending):
    with pytest.raises(ReviewError, match="only be published or rejected"):
        review_moderate(review=pending, status="deleted", actor=moderator)

    assert status_of(pending) == ReviewStatus.PENDING


def test_approval_is_announced_once_after_commit(
    django_capture_on_commit_callbacks, approvals, product, moderator, pending
):
    with django_capture_on_commit_callbacks(execute=True):
        review_moderate(review=pending, status=ReviewStatus.APPROVED, actor=moderator)
        assert approvals == []
    with django_capture_on_commit_callbacks(execute=True):
        review_moderate(review=pending, status=ReviewStatus.APPROVED, actor=moderator)

    assert approvals == [pending.pk]
    assert status_of(pending) == ReviewStatus.APPROVED
    assert summary_of(product) == (1, 2, [0, 1, 0, 0, 0])
    assert CommentFlag.objects.filter(
        comment=pending, user=moderator, flag=CommentFlag.MODERATOR_APPROVAL
    ).exists()


def test_refused_moderation_announces_nothing(
    django_capture_on_commit_callbacks, approvals, other, pending
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReviewNotAllowed):
        review_moderate(review=pending, status=ReviewStatus.APPROVED, actor=other)

    assert approvals == []


def test_bulk_approval_announces_each_newly_published_review_once(
    django_capture_on_commit_callbacks, approvals, product, moderator, published
):
    held = [submit(product, make_user(f"shopper{n}"), rating=n + 1, name=f"S{n}") for n in range(3)]
    ids = [published.pk] + [review.pk for review in held]

    with django_capture_on_commit_callbacks(execute=True):
        changed = reviews_moderate_bulk(
            review_ids=ids, status=ReviewStatus.APPROVED, actor=moderator
        )

    assert changed == 3
    assert sorted(approvals) == sorted(review.pk for review in held)
    assert summary_of(product) == (4, 4 + 1 + 2 + 3, [1, 1, 1, 1, 0])


def test_rejecting_a_published_review_removes_it_from_the_summary(
    django_capture_on_commit_callbacks, approvals, product, moderator, published
):
    with django_capture_on_commit_callbacks(execute=True):
        review_moderate(review=published, status=ReviewStatus.REJECTED, actor=moderator)

    assert status_of(published) == ReviewStatus.REJECTED
    assert summary_of(product) == (0, 0, [0, 0, 0, 0, 0])
    assert product_rating(product) == (None, 0)
    assert approvals == []


def test_bulk_rejection_removes_the_reviews_from_the_summary(
    product, customer_of, moderator, published
):
    second = submit(product, customer_of(product, "second"), rating=2, name="Sue")

    reviews_moderate_bulk(
        review_ids=[published.pk, second.pk], status=ReviewStatus.REJECTED, actor=moderator
    )

    assert summary_of(product) == (0, 0, [0, 0, 0, 0, 0])
    assert product_rating(product) == (None, 0)


# ---------------------------------------------------------------------------- review_reply


def test_only_moderators_reply(other, published):
    clerk = make_user("clerk", is_staff=True)
    for actor in (other, clerk):
        with pytest.raises(ReviewNotAllowed, match="Only staff"):
            review_reply(review=published, text="Thanks!", actor=actor)

    assert not ProductReview.objects.filter(reply_to=published).exists()


def test_empty_reply_is_refused(moderator, published):
    with pytest.raises(ReviewError, match="Write the reply"):
        review_reply(review=published, text="   ", actor=moderator)

    assert not ProductReview.objects.filter(reply_to=published).exists()


def test_review_has_one_reply_and_a_second_one_changes_it(product, moderator, published):
    first = review_reply(review=published, text="Thanks!", actor=moderator)

    second = review_reply(review=published, text="Thanks a lot, Bea!", actor=moderator)

    assert second.pk == first.pk
    reply = ProductReview.objects.get(reply_to=published)
    assert (reply.comment, reply.is_shop_reply, reply.rating) == ("Thanks a lot, Bea!", True, None)
    assert summary_of(product) == (1, 4, [0, 0, 0, 1, 0])


def test_reply_is_mailed_to_the_followers_but_not_to_the_shop(
    django_capture_on_commit_callbacks, shop, product, product_factory, customer_of, moderator
):
    contact = ShopSettings.for_site(shop.site).contact_email
    follower = customer_of(product, "follower")
    quiet = customer_of(product, "quiet")
    owner = make_user("owner", email=contact)
    teapot = product_factory(title="Teapot")
    elsewhere = customer_of(teapot, "elsewhere")
    reviewed = submit(product, follower, followup=True, name="Fay")
    submit(product, quiet, followup=False, name="Quinn")
    submit(product, make_user("unverified"), followup=True, name="Una")  # held: not mailed
    owner_review = submit(product, owner, followup=True, name="Olga")
    review_moderate(review=owner_review, status=ReviewStatus.APPROVED, actor=moderator)
    submit(teapot, elsewhere, followup=True, name="Eli")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review_reply(review=reviewed, text="Thank you for your kind words!", actor=moderator)

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["follower@example.com"]
    assert "Thank you for your kind words!" in mail.outbox[0].body


def test_the_followup_task_run_twice_mails_each_follower_once(
    product, customer_of, moderator, mailoutbox
):
    """A task queue delivers at least once: the second run finds every mail sent."""
    from storefront.reviews.tasks import send_review_followups

    fay, gus = customer_of(product, "fay"), customer_of(product, "gus")
    reviewed = submit(product, fay, followup=True, name="Fay")
    submit(product, gus, followup=True, name="Gus")
    reply = review_reply(review=reviewed, text="Thank you both!", actor=moderator)
    mailoutbox.clear()

    runs = [send_review_followups.enqueue(reply_id=reply.pk) for _ in "ab"]

    assert [run.return_value for run in runs] == [2, 0]
    assert sorted(message.to[0] for message in mailoutbox) == [
        "fay@example.com",
        "gus@example.com",
    ]
    mute_prefix = reverse("comments-xtd-mute", args=["key"]).removesuffix("key/")
    assert mute_prefix in mailoutbox[0].body  # django-comments-xtd's signed mute link


def test_an_edited_reply_is_mailed_again_once(product, customer_of, moderator, mailoutbox):
    from storefront.reviews.tasks import send_review_followups

    fay = customer_of(product, "fay")
    reviewed = submit(product, fay, followup=True, name="Fay")
    reply = review_reply(review=reviewed, text="Thanks!", actor=moderator)
    send_review_followups.enqueue(reply_id=reply.pk)
    ProductReview.objects.filter(pk=reply.pk).update(
        comment="Thanks, Fay!", updated_at=reply.submit_date + timedelta(minutes=5)
    )

    send_review_followups.enqueue(reply_id=reply.pk)
    send_review_followups.enqueue(reply_id=reply.pk)

    assert [message.body.count("Thanks, Fay!") for message in mailoutbox] == [0, 1]
