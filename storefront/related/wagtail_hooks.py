from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from storefront.products.models import ProductPage
from storefront.related.viewsets import RelatedViewSet, admin_url, can_manage


@hooks.register("register_admin_viewset")
def register_related_viewset():
    return RelatedViewSet()


@hooks.register("register_page_header_buttons")
def related_products_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, ProductPage) and can_manage(user):
        yield Button(
            _("Related products"), url=admin_url("product", page.pk), icon_name="link", priority=80
        )
