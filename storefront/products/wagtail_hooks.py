from wagtail.permissions import register_permission_policy

from storefront.core.permissions import NoAddDeletePolicy
from storefront.products.models import StockRecord

register_permission_policy(StockRecord, NoAddDeletePolicy(StockRecord))
