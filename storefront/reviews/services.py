"""Every write of the reviews app: submitting, editing, moderating, answering, voting and
flagging reviews, the per-product summaries and the review-request e-mails.

Locks are taken in one order: review, then summary; the product's rating columns are
written last, in the same transaction as the summary.
"""

import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_comments.models import CommentFlag
from django_comments.signals import comment_was_flagged, comment_will_be_posted
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG, TmpXtdComment
from django_comments_xtd.signals import confirmation_received

from storefront.core.models import shop_settings
from storefront.core.pagecache import page_cache_clear
from storefront.core.privacy import ERASED_EMAIL_DOMAIN
from storefront.core.uploads import CleanImage
from storefront.orders.models import Order
from storefront.products.models import ProductPage
from storefront.reviews.models import (
    FORMER_CUSTOMER_KEY,
    FORMER_CUSTOMER_NAME,
    RATINGS,
    FlagReason,
    ProductReview,
    ReviewFlagReason,
    ReviewPhoto,
    ReviewRequest,
    ReviewRequestOptOut,
    ReviewStatus,
    ReviewSummary,
    review_settings,
)
from storefront.reviews.selectors import RECEIVED_STATUSES
from storefront.reviews.signals import review_approved

MAX_PHOTOS = 3
MODERATE_PERMISSION = "storefront_reviews.moderate_productreview"
ALREADY_REVIEWED = _lazy("You have already reviewed this product; you can edit your review.")


class ReviewError(ValueError):
    """A review change was refused; the message says why. Nothing was written."""


class ReviewNotAllowed(ReviewError):
    """The user may not touch this review (not its author, not staff): a 404 or 403."""


# ---------------------------------------------------------------------------- helpers


def reviewer_key(*, user=None, email: str = "") -> str:
    """The identity under which a customer has their one review per product."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"email:{email.strip().lower()}"


def verified_order(*, product: ProductPage, user=None, order: Order | None = None):
    """The received order that makes a review of ``product`` verified, or None.

    A logged-in customer's own orders count; a guest's only the order of the signed
    review-request link they followed."""
    orders = Order.objects.filter(status__in=RECEIVED_STATUSES, lines__product=product)
    if order is not None:
        orders = orders.filter(pk=order.pk)
    elif user is not None and user.is_authenticated:
        orders = orders.filter(user=user)
    else:
        return None
    return orders.order_by("-delivered_at", "-pk").first()


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(MODERATE_PERMISSION))


def _counts(review: ProductReview) -> bool:
    return not review.is_shop_reply and review.is_public and not review.is_removed


def _summary_apply(product_id: int, *, add: int | None = None, remove: int | None = None):
    """Move one rating into or out of the product's summary, under the summary's row lock."""
    if add is None and remove is None:
        return
    summary, _created = ReviewSummary.objects.select_for_update().get_or_create(
        product_id=product_id
    )
    for rating, step in ((add, 1), (remove, -1)):
        if rating is None:
            continue
        field = f"stars_{rating}"
        setattr(summary, field, getattr(summary, field) + step)
        summary.count += step
        summary.rating_total += step * rating
    summary.save()
    _product_rating_write(summary)


def _product_rating_write(summary: ReviewSummary) -> None:
    ProductPage.objects.filter(pk=summary.product_id).update(
        rating_average=summary.average, rating_count=summary.count
    )


def _moderation_change(review: ProductReview, *, was_counted: bool, old_rating: int | None):
    """Bring the summary in line after ``review`` changed state or rating."""
    transaction.on_commit(page_cache_clear)  # the product page shows reviews to guests
    counted = _counts(review)
    if was_counted and counted and old_rating == review.rating:
        return
    _summary_apply(
        review.product_id,
        add=review.rating if counted else None,
        remove=old_rating if was_counted else None,
    )
    if counted and not was_counted:
        transaction.on_commit(lambda: review_approved.send(sender=ProductReview, review=review))


def _set_status(review: ProductReview, status: str) -> None:
    review.is_public = status == ReviewStatus.APPROVED
    review.is_removed = status == ReviewStatus.REJECTED


def _photos_add(review: ProductReview, photos: Sequence[CleanImage], start: int = 0) -> None:
    for position, photo in enumerate(photos, start=start):
        stored = ReviewPhoto(review=review, sort_order=position)
        stored.image.save(photo.content.name, photo.content, save=False)
        stored.thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
        stored.save()


def _photos_delete(photos) -> None:
    """Delete photo rows now and their files once the transaction commits (a rollback keeps
    both)."""
    files = [(f.storage, f.name) for photo in photos for f in (photo.image, photo.thumbnail)]
    photos.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def _check_text(*, rating: int, title: str, text: str, request=None) -> None:
    if rating not in RATINGS:
        raise ReviewError(_("Choose a rating from 1 to 5 stars."))
    if not title.strip():
        raise ReviewError(_("Give your review a title."))
    minimum = review_settings(request).min_length
    if len(text.strip()) < minimum:
        raise ReviewError(
            _("Please write at least %(count)d characters about the product.") % {"count": minimum}
        )


# ---------------------------------------------------------------------------- shoppers


@transaction.atomic
def review_submit(
    *,
    product: ProductPage,
    rating: int,
    title: str,
    text: str,
    name: str,
    user=None,
    email: str = "",
    order: Order | None = None,
    photos: Sequence[CleanImage] = (),
    followup: bool = False,
    ip_address: str | None = None,
    request=None,
) -> ProductReview:
    """Write a customer's one review of ``product``, published or held as the policy says.

    Guests need ``order`` (from a signed review-request link). Raises ReviewError when the
    customer already reviewed the product or the review breaks the policy."""
    is_user = user is not None and user.is_authenticated
    if not is_user and order is None:
        raise ReviewError(_("Please log in to write a review."))
    if not product.live:
        raise ReviewError(_("This product is not for sale any more."))
    if len(photos) > MAX_PHOTOS:
        raise ReviewError(_("Add at most %(count)d photos.") % {"count": MAX_PHOTOS})
    _check_text(rating=rating, title=title, text=text, request=request)
    if is_user:
        email = user.email or email
    elif order is not None:
        email = order.email
    key = reviewer_key(user=user if is_user else (order.user if order else None), email=email)
    if ProductReview.objects.filter(product=product, reviewer_key=key).exists():
        raise ReviewError(ALREADY_REVIEWED)
    proof = verified_order(product=product, user=user, order=order)
    if not is_user and proof is None:
        raise ReviewError(_("This review link is not for this product."))
    review = ProductReview(
        content_type=ContentType.objects.get_for_model(ProductPage),
        object_pk=str(product.pk),
        site_id=settings.SITE_ID,
        product=product,
        user=user if is_user else (order.user if order else None),
        user_name=name.strip()[:50],
        user_email=email,
        comment=text.strip(),
        submit_date=timezone.now(),
        ip_address=ip_address,
        is_public=True,
        is_removed=False,
        followup=followup,
        reviewer_key=key,
        rating=rating,
        title=title.strip(),
        verified=proof is not None,
        verified_order=proof,
    )
    # django-comments' moderation: the registered ReviewModerator may hold it (is_public=False).
    responses = comment_will_be_posted.send(sender=TmpXtdComment, comment=review, request=request)
    if any(response is False for _receiver, response in responses):
        raise ReviewError(_("Reviews cannot be posted on this product."))
    review.full_clean(
        exclude=["content_type", "site", "user", "product", "verified_order", "reviewer_key"]
    )
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:  # the same customer's other tab won the race
        raise ReviewError(ALREADY_REVIEWED) from None
    _photos_add(review, photos)
    _moderation_change(review, was_counted=False, old_rating=None)
    transaction.on_commit(
        lambda: confirmation_received.send(sender=TmpXtdComment, comment=review, request=request)
    )
    return review


@transaction.atomic
def review_edit(
    *,
    review: ProductReview,
    user,
    rating: int,
    title: str,
    text: str,
    name: str,
    add_photos: Sequence[CleanImage] = (),
    remove_photo_ids: Sequence[int] = (),
    request=None,
) -> ProductReview:
    """Change the author's own review; it goes back to moderation when the policy says so.

    Raises ReviewNotAllowed for anyone but the author, ReviewError for a bad change."""
    review = ProductReview.norel_objects.select_for_update().get(pk=review.pk)
    if review.is_shop_reply or review.user_id is None or review.user_id != user.pk:
        raise ReviewNotAllowed(_("Only the author can edit this review."))
    _check_text(rating=rating, title=title, text=text, request=request)
    kept = list(review.photos.exclude(pk__in=list(remove_photo_ids)))
    if len(kept) + len(add_photos) > MAX_PHOTOS:
        raise ReviewError(_("Add at most %(count)d photos.") % {"count": MAX_PHOTOS})
    was_counted, old_rating, old_status = _counts(review), review.rating, review.status
    review.rating, review.title, review.comment = rating, title.strip(), text.strip()
    review.user_name = name.strip()[:50] or review.user_name
    review.updated_at = timezone.now()
    policy = review_settings(request)
    review.is_public = True
    comment_will_be_posted.send(sender=TmpXtdComment, comment=review, request=request)
    held = (
        not review.is_public
        or old_status == ReviewStatus.REJECTED
        or (policy.edits_need_moderation and old_status == ReviewStatus.APPROVED)
    )
    _set_status(review, ReviewStatus.PENDING if held else ReviewStatus.APPROVED)
    review.full_clean(exclude=["content_type", "site", "user", "product", "verified_order"])
    review.save()
    _photos_delete(review.photos.filter(pk__in=list(remove_photo_ids)))
    _photos_add(review, add_photos, start=len(kept) + 1)
    _moderation_change(review, was_counted=was_counted, old_rating=old_rating)
    return review


@transaction.atomic
def review_delete(*, review: ProductReview, user) -> None:
    """Delete a review (with its photos and the shop's reply): its author or a moderator.

    Raises ReviewNotAllowed for anyone else."""
    review = ProductReview.norel_objects.select_for_update().get(pk=review.pk)
    if review.is_shop_reply:
        raise ReviewNotAllowed(_("Delete the reply from its review instead."))
    if not (review.user_id is not None and review.user_id == user.pk) and not can_moderate(user):
        raise ReviewNotAllowed(_("Only the author can delete this review."))
    if _counts(review):
        _summary_apply(review.product_id, remove=review.rating)
    _photos_delete(review.photos.all())
    ProductReview.objects.filter(reply_to=review).delete()
    review.delete()
    transaction.on_commit(page_cache_clear)


@transaction.atomic
def review_vote(*, review: ProductReview, user, helpful: bool) -> ProductReview:
    """Count ``user``'s helpful (or not helpful) vote; a second vote replaces the first.

    Raises ReviewError for the author's own review or a review that is not published."""
    review = ProductReview.norel_objects.select_for_update().get(pk=review.pk)
    if not user.is_authenticated:
        raise ReviewNotAllowed(_("Please log in to vote."))
    if review.is_shop_reply or not _counts(review):
        raise ReviewError(_("Only published reviews can be voted on."))
    if review.user_id == user.pk:
        raise ReviewError(_("You cannot vote on your own review."))
    wanted, other = (LIKEDIT_FLAG, DISLIKEDIT_FLAG) if helpful else (DISLIKEDIT_FLAG, LIKEDIT_FLAG)
    counter = {LIKEDIT_FLAG: "helpful_count", DISLIKEDIT_FLAG: "unhelpful_count"}
    changes = {}
    if CommentFlag.objects.filter(user=user, comment=review, flag=other).delete()[0]:
        changes[counter[other]] = F(counter[other]) - 1
    _flag, created = CommentFlag.objects.get_or_create(
        user=user, comment=review, flag=wanted, defaults={"flag_date": timezone.now()}
    )
    if created:
        changes[counter[wanted]] = F(counter[wanted]) + 1
    if changes:
        ProductReview.objects.filter(pk=review.pk).update(**changes)
        review.refresh_from_db(fields=["helpful_count", "unhelpful_count"])
    return review


@transaction.atomic
def review_flag(
    *, review: ProductReview, user, reason: str, note: str = "", request=None
) -> CommentFlag:
    """Ask the moderators to remove a review, once per user (a second flag updates the
    reason). Raises ReviewError for an unknown reason or an unpublished review."""
    if reason not in FlagReason.values:
        raise ReviewError(_("Choose why this review should be removed."))
    if not user.is_authenticated:
        raise ReviewNotAllowed(_("Please log in to report a review."))
    review = ProductReview.norel_objects.select_for_update().get(pk=review.pk)
    if not review.is_public or review.is_removed:
        raise ReviewError(_("Only published reviews can be reported."))
    flag, created = CommentFlag.objects.get_or_create(
        user=user,
        comment=review,
        flag=CommentFlag.SUGGEST_REMOVAL,
        defaults={"flag_date": timezone.now()},
    )
    ReviewFlagReason.objects.update_or_create(
        flag=flag, defaults={"reason": reason, "note": note.strip()[:500]}
    )
    transaction.on_commit(
        lambda: comment_was_flagged.send(
            sender=ProductReview, comment=review, flag=flag, created=created, request=request
        )
    )
    return flag


@transaction.atomic
def review_votes_withdraw(*, user) -> int:
    """Take back every helpful or unhelpful vote and removal request of ``user``; the voted
    reviews' counters follow, under their row locks in primary-key order. Returns how many
    votes and requests went."""
    kinds = (LIKEDIT_FLAG, DISLIKEDIT_FLAG, CommentFlag.SUGGEST_REMOVAL)
    flags = CommentFlag.objects.filter(user=user, flag__in=kinds)
    review_ids = sorted(set(flags.values_list("comment_id", flat=True)))
    counter = {LIKEDIT_FLAG: "helpful_count", DISLIKEDIT_FLAG: "unhelpful_count"}
    withdrawn = 0
    for review in (
        ProductReview.norel_objects.select_for_update().filter(pk__in=review_ids).order_by("pk")
    ):
        mine = set(flags.filter(comment_id=review.pk).values_list("flag", flat=True))
        changes = {counter[kind]: F(counter[kind]) - 1 for kind in mine if kind in counter}
        if changes:
            ProductReview.objects.filter(pk=review.pk).update(**changes)
        flags.filter(comment_id=review.pk).delete()  # with the reasons of removal requests
        withdrawn += len(mine)
    if withdrawn:
        transaction.on_commit(page_cache_clear)  # product pages show the helpful counts
    return withdrawn


@transaction.atomic
def reviews_anonymize(*, user) -> int:
    """Keep ``user``'s reviews (rating, title, text, photos, the shop's replies) but unlink
    them from the account: no user, e-mail, web address or IP address, no follow-up mail, a
    one-per-customer key that nobody holds, and a neutral name. Returns how many."""
    reviews = list(
        ProductReview.norel_objects.select_for_update()
        .filter(user=user, is_shop_reply=False)
        .order_by("pk")
    )
    # Stored in the shop's language for the admin and xtd's own screens; pages show
    # ``author_name``, which says it in the visitor's language.
    with translation.override(settings.LANGUAGE_CODE):
        name = str(FORMER_CUSTOMER_NAME)[:50]
    for review in reviews:
        review.user = None
        review.user_name = name
        review.user_email = ""
        review.user_url = ""
        review.ip_address = None
        review.followup = False
        review.reviewer_key = f"{FORMER_CUSTOMER_KEY}{uuid.uuid4().hex}"
        review.save(
            update_fields=[
                "user",
                "user_name",
                "user_email",
                "user_url",
                "ip_address",
                "followup",
                "reviewer_key",
            ]
        )
    if reviews:
        transaction.on_commit(page_cache_clear)
    return len(reviews)


# ---------------------------------------------------------------------------- moderators


@transaction.atomic
def review_moderate(*, review: ProductReview, status: str, actor) -> ProductReview:
    """Publish (``approved``) or reject a review as ``actor``, a moderator; records
    django-comments' moderator flag. Raises ReviewNotAllowed for non-moderators."""
    if not can_moderate(actor):
        raise ReviewNotAllowed(_("Only staff can moderate reviews."))
    if status not in (ReviewStatus.APPROVED, ReviewStatus.REJECTED):
        raise ReviewError(_("A review can only be published or rejected."))
    review = ProductReview.norel_objects.select_for_update().get(pk=review.pk)
    if review.is_shop_reply:
        raise ReviewError(_("Replies are published with their review."))
    if review.status == status:
        return review
    was_counted = _counts(review)
    _set_status(review, status)
    review.save(update_fields=["is_public", "is_removed"])
    CommentFlag.objects.get_or_create(
        user=actor,
        comment=review,
        flag=CommentFlag.MODERATOR_APPROVAL
        if status == ReviewStatus.APPROVED
        else CommentFlag.MODERATOR_DELETION,
        defaults={"flag_date": timezone.now()},
    )
    _moderation_change(review, was_counted=was_counted, old_rating=review.rating)
    return review


@transaction.atomic
def reviews_moderate_bulk(*, review_ids: Sequence[int], status: str, actor) -> int:
    """``review_moderate`` for many reviews in one transaction; returns how many changed."""
    changed = 0
    for review in ProductReview.objects.filter(pk__in=review_ids, is_shop_reply=False).order_by(
        "pk"
    ):
        before = review.status
        changed += review_moderate(review=review, status=status, actor=actor).status != before
    return changed


@transaction.atomic
def review_reply(*, review: ProductReview, text: str, actor) -> ProductReview:
    """Publish (or change) the shop's one public reply to a review, written by a moderator.

    Followers of the product's reviews are e-mailed through django-comments-xtd.
    Raises ReviewNotAllowed for non-staff, ReviewError for an empty reply."""
    if not can_moderate(actor):
        raise ReviewNotAllowed(_("Only staff can reply to reviews."))
    text = text.strip()
    if not text:
        raise ReviewError(_("Write the reply before publishing it."))
    if len(text) > 3000:
        raise ReviewError(_("Keep the reply under 3000 characters."))
    review = ProductReview.norel_objects.select_for_update().get(pk=review.pk)
    if review.is_shop_reply:
        raise ReviewError(_("Replies cannot be answered."))
    reply = ProductReview.objects.filter(reply_to=review).first()
    shop = shop_settings()
    if reply is None:
        reply = ProductReview(
            content_type=review.content_type,
            object_pk=review.object_pk,
            site_id=review.site_id,
            product_id=review.product_id,
            parent_id=review.pk,
            reply_to=review,
            is_shop_reply=True,
            user=actor,
            user_name=shop.name[:50],
            user_email=shop.contact_email,
            submit_date=timezone.now(),
            is_public=True,
            is_removed=False,
        )
    else:
        reply.updated_at = timezone.now()
        reply.user = actor
    reply.comment = text
    reply.save()
    transaction.on_commit(page_cache_clear)
    transaction.on_commit(lambda: _notify_followers(reply.pk))
    return reply


def _notify_followers(reply_id: int) -> None:
    from storefront.reviews.tasks import send_review_followups

    send_review_followups.enqueue(reply_id=reply_id)


# ---------------------------------------------------------------------------- summaries


@transaction.atomic
def review_summary_rebuild(*, product_ids: Sequence[int] | None = None) -> int:
    """Recompute summaries (and the products' rating columns) from the published reviews;
    all products unless ``product_ids`` is given. Returns how many products were written."""
    published = ProductReview.objects.filter(is_shop_reply=False, is_public=True, is_removed=False)
    products = ProductPage.objects.all()
    if product_ids is not None:
        published = published.filter(product_id__in=product_ids)
        products = products.filter(pk__in=product_ids)
    rows = {
        row["product_id"]: row
        # order_by() drops the comments' default ordering, which would split the groups.
        for row in published.order_by()
        .values("product_id")
        .annotate(
            count=Count("pk"),
            rating_total=Sum("rating"),
            **{f"stars_{n}": Count("pk", filter=Q(rating=n)) for n in RATINGS},
        )
    }
    written = 0
    for product_id in products.order_by("pk").values_list("pk", flat=True).iterator():
        row = rows.get(product_id, {})
        summary, _created = ReviewSummary.objects.select_for_update().get_or_create(
            product_id=product_id
        )
        summary.count = row.get("count", 0)
        summary.rating_total = row.get("rating_total") or 0
        for n in RATINGS:
            setattr(summary, f"stars_{n}", row.get(f"stars_{n}", 0))
        summary.save()
        _product_rating_write(summary)
        written += 1
    return written


# ---------------------------------------------------------------------------- requests


def review_requests_due(*, now=None):
    """Delivered orders whose review request is due and was never sent, oldest first."""
    policy = review_settings()
    now = now or timezone.now()
    due_before = now - timedelta(days=policy.request_delay_days)
    # Turning requests on must not mail every customer of the past years.
    not_before = due_before - timedelta(days=30)
    return (
        Order.objects.filter(
            status__in=RECEIVED_STATUSES,
            delivered_at__lte=due_before,
            delivered_at__gte=not_before,
        )
        .exclude(review_request__sent_at__isnull=False)
        # Orders of deleted accounts keep an address that nothing is sent to.
        .exclude(email__endswith=f"@{ERASED_EMAIL_DOMAIN}")
        .annotate(email_lower=Lower("email"))
        .exclude(email_lower__in=ReviewRequestOptOut.objects.values("email"))
        .order_by("delivered_at", "pk")
    )


def review_requests_send(*, now=None) -> int:
    """Send each due review request once; safe to run again and in parallel (each order's
    request row is claimed under a lock and marked sent in the transaction that sent it).
    Returns how many e-mails went out."""
    from storefront.reviews.emails import review_request_email_send

    if not review_settings().send_requests:
        return 0
    sent = 0
    for order_id in list(review_requests_due(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            order = Order.objects.get(pk=order_id)
            ReviewRequest.objects.get_or_create(order=order, defaults={"email": order.email})
            request_row = (
                ReviewRequest.objects.select_for_update(skip_locked=True)
                .filter(order=order, sent_at__isnull=True)
                .first()
            )
            if request_row is None:
                continue  # sent meanwhile, or another worker holds it
            if ReviewRequestOptOut.objects.filter(email=order.email.lower()).exists():
                continue
            mailed = review_request_email_send(order=order)
            # Marked sent even when nothing was left to review: the order is done with.
            request_row.sent_at = timezone.now()
            request_row.save(update_fields=["sent_at"])
            sent += mailed
    return sent


def review_requests_opt_out(*, email: str) -> ReviewRequestOptOut:
    """Stop review requests to ``email`` (idempotent)."""
    opt_out, _created = ReviewRequestOptOut.objects.get_or_create(email=email.strip().lower())
    return opt_out
