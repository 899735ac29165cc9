"""Background work of the reviews app, on the django-tasks API."""

from django_tasks import task


@task()
def storefront_send_review_requests() -> int:
    """Send the review requests that are due (safe to run repeatedly and in parallel)."""
    from storefront.reviews.services import review_requests_send

    return review_requests_send()


@task()
def send_review_followups(*, reply_id: int) -> int:
    """E-mail the product's review followers about the shop's reply (django-comments-xtd's
    follow-up notice, with its signed mute link); a second run sends nothing. Returns how
    many mails went out."""
    from storefront.reviews.emails import review_reply_followups_send
    from storefront.reviews.models import ProductReview

    reply = ProductReview.objects.filter(pk=reply_id, is_public=True).first()
    return review_reply_followups_send(reply=reply) if reply is not None else 0


@task()
def storefront_rebuild_review_summaries() -> int:
    """Recompute every product's review summary from its published reviews (the command of
    the same name); safe to run twice."""
    from storefront.reviews.services import review_summary_rebuild

    return review_summary_rebuild()
