"""Background work of the reviews app, on the django-tasks API."""

from django_tasks import task


@task()
def storefront_send_review_requests() -> int:
    """Send the review requests that are due (safe to run repeatedly and in parallel)."""
    from storefront.reviews.services import review_requests_send

    return review_requests_send()


@task()
def send_review_followups(*, reply_id: int) -> None:
    """E-mail the product's review followers about the shop's reply (django-comments-xtd's
    follow-up notifications, with its signed mute links)."""
    from django_comments_xtd.views import notify_comment_followers

    from storefront.reviews.models import ProductReview

    reply = ProductReview.objects.filter(pk=reply_id, is_public=True).first()
    if reply is not None:
        notify_comment_followers(reply)


@task()
def rebuild_review_summaries() -> int:
    """Recompute every product's review summary from its published reviews."""
    from storefront.reviews.services import review_summary_rebuild

    return review_summary_rebuild()
