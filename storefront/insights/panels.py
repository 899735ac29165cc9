"""The panel on the Wagtail admin's home page: the month's headline figures, each linking
to the report that explains it. Shown only to users with the reports permission."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from storefront.insights.selectors import headlines


class InsightsPanel(Component):
    name = "storefront_insights"
    template_name = "storefront/insights/home_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["figures"] = headlines(now=timezone.now())
        context["urls"] = {
            slug: reverse(f"storefront_insights:{slug}")
            for slug in ("customers", "reviews", "returns", "preferences", "related", "loyalty")
        }
        context["request"] = parent_context["request"]
        return context
