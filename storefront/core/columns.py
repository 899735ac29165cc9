from wagtail.admin.ui.tables import Column

from storefront.core.models import display_money


class MoneyColumn(Column):
    """An admin listing column showing an amount the way the shop shows prices."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if context["value"] is not None:
            context["value"] = display_money(context["value"], parent_context.get("request"))
        return context
