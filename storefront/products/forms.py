from django import forms
from django.utils.translation import gettext_lazy as _

from storefront.products.models import Category
from storefront.products.selectors import DEFAULT_SORT

SORT_CHOICES = [
    ("popular", _("Most popular")),
    ("newest", _("Newest")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("name", _("Name")),
    ("rating", _("Best rated")),
]
RATING_CHOICES = [("", _("Any rating")), ("4", _("4 stars and up")), ("3", _("3 stars and up"))]


class ProductFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
        label=_("Category"),
    )
    min_price = forms.DecimalField(
        label=_("Min price"), min_value=0, required=False, decimal_places=2, max_digits=14
    )
    max_price = forms.DecimalField(
        label=_("Max price"), min_value=0, required=False, decimal_places=2, max_digits=14
    )
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    min_rating = forms.TypedChoiceField(
        label=_("Rating"), choices=RATING_CHOICES, coerce=int, empty_value=None, required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=SORT_CHOICES, required=False, initial=DEFAULT_SORT
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The minimum price must not be above the maximum."))
        return data
