import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from storefront.core.columns import MoneyColumn
from storefront.orders import payments
from storefront.orders.models import Order, OrderStatus, ShippingMethod
from storefront.orders.selectors import order_with_details
from storefront.orders.services import TransitionError, allowed_transitions, order_transition
from storefront.products.viewsets import CategoryViewSet, InventoryViewSet

TRANSITION_PERMISSION = "storefront_orders.transition_order"


class ShippingMethodViewSet(SnippetViewSet):
    model = ShippingMethod
    icon = "site"
    menu_label = _("Shipping methods")
    list_display = ["name", "price", "free_over", "active"]


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices)
    placed_at = django_filters.DateFromToRangeFilter(
        label=_("Placed"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Order
        fields = ["status", "placed_at"]


class OrderInspectView(generic.InspectView):
    template_name = "storefront/orders/admin/order_inspect.html"

    def get_object(self, queryset=None):
        return order_with_details(number=Order.objects.get(pk=self.pk).number)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        context.update(
            order=order,
            payment_method=payments.get(order.payment_method),
            transitions=[
                (status, OrderStatus(status).label) for status in allowed_transitions(order)
            ],
            can_transition=self.request.user.has_perm(TRANSITION_PERMISSION),
            transition_url=reverse("storefront_orders_admin:transition", args=[order.pk]),
        )
        return context


@require_POST
def order_transition_view(request, pk):
    if not request.user.has_perm(TRANSITION_PERMISSION):
        raise PermissionDenied
    order = get_object_or_404(Order, pk=pk)
    try:
        order_transition(
            order=order,
            to_status=request.POST.get("to_status", ""),
            actor=request.user,
            note=request.POST.get("note", "")[:1000],
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        order.refresh_from_db()
        messages.success(
            request,
            _("Order %(number)s is now %(status)s; the customer was e-mailed.")
            % {"number": order.number, "status": order.get_status_display().lower()},
        )
    return redirect("storefront_orders_admin:inspect", pk)


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "list-ul"
    menu_label = _("Orders")
    url_prefix = "orders"
    name = "storefront_orders_admin"
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    copy_view_enabled = False
    form_fields = ["email", "phone"]
    filterset_class = OrderFilterSet
    search_fields = ["number", "email", "full_name"]
    list_display = [
        TitleColumn(
            "number",
            label=_("Number"),
            get_url=lambda order: reverse("storefront_orders_admin:inspect", args=[order.pk]),
        ),
        "email",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda order: order.status == OrderStatus.PLACED,
        ),
        MoneyColumn("total", label=_("Total"), sort_key="total"),
        Column("placed_at", label=_("Placed"), sort_key="placed_at"),
    ]
    list_export = ["number", "email", "status", "total", "placed_at"]
    ordering = ["-placed_at"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("transition/<int:pk>/", order_transition_view, name="transition"),
        ]


# Apps above orders add their screens to the Shop menu by setting this as a viewset's
# ``menu_hook`` (or registering a MenuItem under it).
SHOP_MENU_HOOK = "register_storefront_shop_menu_item"


class ShopViewSetGroup(ViewSetGroup):
    menu_label = _("Shop")
    menu_icon = "pick"
    menu_order = 150
    submenu_hook = SHOP_MENU_HOOK
    items = (OrderViewSet, InventoryViewSet, ShippingMethodViewSet, CategoryViewSet)
