from wagtail import hooks
from wagtail.permissions import register_permission_policy

from storefront.core.permissions import NoAddDeletePolicy
from storefront.orders.models import Order
from storefront.orders.viewsets import ShopViewSetGroup

register_permission_policy(Order, NoAddDeletePolicy(Order))


@hooks.register("register_admin_viewset")
def register_shop_viewsets():
    return ShopViewSetGroup()
