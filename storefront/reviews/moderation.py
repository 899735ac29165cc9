"""The review policy as a django-comments-xtd moderator, registered for product pages."""

import re

from django_comments_xtd.moderation import XtdCommentModerator

from storefront.reviews.models import review_settings

LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|net|org|io|ru|info|biz|xyz)\b)", re.I)


class ReviewModerator(XtdCommentModerator):
    """Holds a review for moderation unless the site's review settings let it through."""

    email_notification = False
    removal_suggestion_notification = True

    def moderate(self, comment, content_object, request):
        if getattr(comment, "is_shop_reply", False):
            return False
        policy = review_settings(request)
        if not getattr(comment, "verified", False) or not policy.publish_verified_at_once:
            return True
        text = f"{getattr(comment, 'title', '')}\n{comment.comment}"
        if policy.hold_links and LINK.search(text):
            return True
        lowered = text.lower()
        return any(word in lowered for word in policy.held_word_list)
