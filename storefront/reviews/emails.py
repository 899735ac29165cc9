"""Review e-mails: the review request after delivery, and the shop's reply to followers."""

import hashlib

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django_comments_xtd import signed
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import XtdComment

from storefront.core.l10n import local_digits
from storefront.core.models import shop_settings
from storefront.core.services import mail_send_once
from storefront.orders.access import site_root_url
from storefront.orders.models import Order
from storefront.reviews.access import opt_out_link, review_link
from storefront.reviews.models import ProductReview

# django-comments-xtd's subject of a follow-up notice, translated by its own catalogue.
FOLLOWUP_SUBJECT = "new comment posted"


def _send(*, subject: str, template: str, context: dict, to: str, language: str, headers=None):
    shop = shop_settings()
    context = {**context, "shop": shop, "site_root": site_root_url()}
    with translation.override(language):
        subject = local_digits(f"{shop.name}: {subject}")
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[to], reply_to=[shop.contact_email], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    message.send()


def review_request_email_send(*, order: Order) -> bool:
    """One e-mail asking to review the order's products, each with its signed link; False
    (and no e-mail) when none of them is still sold."""
    products, seen = [], set()
    for line in order.lines.select_related("product").order_by("pk"):
        if line.product_id is None or line.product_id in seen or not line.product.live:
            continue
        seen.add(line.product_id)
        products.append(
            {"title": line.title, "link": review_link(order=order, product_id=line.product_id)}
        )
    if not products:
        return False
    unsubscribe = opt_out_link(order.email)
    with translation.override(order.language):
        subject = _("How do you like what you ordered?")
    _send(
        subject=subject,
        template="storefront/reviews/email/review_request",
        context={"order": order, "products": products, "unsubscribe": unsubscribe},
        to=order.email,
        language=order.language,
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )
    return True


def review_reply_followups_send(*, reply: ProductReview) -> int:
    """E-mail the product's review followers about the shop's reply: django-comments-xtd's
    follow-up notice with its signed mute link, to each follower once per version of the
    reply however often it is called. Returns how many mails went out now."""
    version = int((reply.updated_at or reply.submit_date).timestamp())
    followers = (
        XtdComment.objects.filter(
            content_type=reply.content_type,
            object_pk=reply.object_pk,
            is_public=True,
            followup=True,
        )
        .exclude(user_email=reply.user_email)
        .order_by("user_email", "pk")
    )
    sent, seen = 0, set()
    for follower in followers:
        if follower.user_email in seen:
            continue
        seen.add(follower.user_email)
        address = hashlib.sha256(follower.user_email.lower().encode()).hexdigest()[:16]
        sent += mail_send_once(
            key=f"review-reply:{reply.pk}:{version}:{address}",
            build=lambda follower=follower: _followup_message(reply, follower),
        )
    return sent


def _followup_message(reply: ProductReview, follower: XtdComment) -> EmailMultiAlternatives:
    mute_key = signed.dumps(follower, compress=True, extra_key=xtd_settings.COMMENTS_XTD_SALT)
    context = {
        "user_name": follower.user_name,
        "comment": reply,
        "content_object": reply.content_object,
        "mute_url": reverse("comments-xtd-mute", args=[mute_key.decode()]),
        "site": reply.site,
    }
    message = EmailMultiAlternatives(
        gettext(FOLLOWUP_SUBJECT),
        render_to_string("django_comments_xtd/email_followup_comment.txt", context),
        xtd_settings.COMMENTS_XTD_FROM_EMAIL,
        [follower.user_email],
    )
    if xtd_settings.COMMENTS_XTD_SEND_HTML_EMAIL:
        html = render_to_string("django_comments_xtd/email_followup_comment.html", context)
        message.attach_alternative(html, "text/html")
    return message
