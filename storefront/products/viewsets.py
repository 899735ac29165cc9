import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from storefront.products.models import Category, StockRecord
from storefront.products.services import stock_set


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]


class StockFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Stock"),
        choices=[("out", _("Out of stock")), ("low", _("Low (5 or fewer)"))],
        method="filter_state",
    )

    class Meta:
        model = StockRecord
        fields: list[str] = []

    def filter_state(self, queryset, name, value):
        if value == "out":
            return queryset.filter(quantity=0)
        if value == "low":
            return queryset.filter(quantity__lte=5)
        return queryset


class StockEditView(generic.EditView):
    def save_instance(self):
        return stock_set(variant=self.object.variant, quantity=self.form.cleaned_data["quantity"])


class InventoryViewSet(ModelViewSet):
    model = StockRecord
    icon = "tasks"
    menu_label = _("Inventory")
    url_prefix = "inventory"
    form_fields = ["quantity"]
    list_display = [
        "variant",
        Column("sku", label=_("SKU"), accessor="variant.sku"),
        Column("quantity", label=_("In stock"), sort_key="quantity"),
        Column("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    filterset_class = StockFilterSet
    search_fields = ["variant__sku", "variant__name", "variant__product__title"]
    ordering = ["variant__product__title", "variant__sort_order"]
    edit_view_class = StockEditView
    copy_view_enabled = False

    def get_queryset(self, request):
        return StockRecord.objects.select_related("variant__product")
