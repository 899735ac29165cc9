from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from storefront.customizer.models import CustomizationTemplate, Palette, Pattern, Swatch


class SwatchViewSet(SnippetViewSet):
    model = Swatch
    icon = "view"
    menu_label = _("Swatches")
    list_display = ["name", "hex", "price_delta", "active"]
    list_filter = ["active"]
    search_fields = ["name", "hex"]


class PaletteViewSet(SnippetViewSet):
    model = Palette
    icon = "list-ul"
    menu_label = _("Palettes")


class PatternViewSet(SnippetViewSet):
    model = Pattern
    icon = "table"
    menu_label = _("Patterns")
    list_display = ["name", "key", "price_delta"]


class CustomizationTemplateViewSet(SnippetViewSet):
    model = CustomizationTemplate
    icon = "image"
    menu_label = _("Customization templates")
    list_display = ["name", "text_enabled", "updated_at"]


class CustomizerViewSetGroup(ViewSetGroup):
    menu_label = _("Customizer")
    menu_icon = "image"
    menu_order = 160
    items = (CustomizationTemplateViewSet, PaletteViewSet, SwatchViewSet, PatternViewSet)
