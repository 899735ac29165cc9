from wagtail import hooks
from wagtail.permissions import register_permission_policy

from storefront.returns.models import ReturnRequest
from storefront.returns.viewsets import (
    ReturnRequestPermissionPolicy,
    ReturnsViewSetGroup,
    refuse_deleting_reasons_in_use,
)

register_permission_policy(ReturnRequest, ReturnRequestPermissionPolicy(ReturnRequest))
hooks.register("before_delete_snippet", refuse_deleting_reasons_in_use)


@hooks.register("register_admin_viewset")
def register_returns_viewsets():
    return ReturnsViewSetGroup()
