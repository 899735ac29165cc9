from wagtail import hooks
from wagtail.permissions import register_permission_policy

from storefront.reviews.models import ProductReview
from storefront.reviews.viewsets import (
    ReviewBulkPublish,
    ReviewBulkReject,
    ReviewPermissionPolicy,
    ReviewViewSet,
)

register_permission_policy(ProductReview, ReviewPermissionPolicy(ProductReview))
hooks.register("register_bulk_action", ReviewBulkPublish)
hooks.register("register_bulk_action", ReviewBulkReject)


@hooks.register("register_admin_viewset")
def register_review_viewset():
    return ReviewViewSet()
