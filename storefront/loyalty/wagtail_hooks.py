from wagtail import hooks
from wagtail.permissions import register_permission_policy

from storefront.loyalty.models import LoyaltyAccount
from storefront.loyalty.viewsets import LoyaltyAccountViewSet, LoyaltyPermissionPolicy

register_permission_policy(LoyaltyAccount, LoyaltyPermissionPolicy(LoyaltyAccount))


@hooks.register("register_admin_viewset")
def register_loyalty_viewset():
    return LoyaltyAccountViewSet()
