from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from storefront.core import conf
from storefront.orders import adjusters, payments
from storefront.orders.models import ShippingMethod

COUNTRIES = [
    ("US", _("United States")),
    ("GB", _("United Kingdom")),
    ("DE", _("Germany")),
    ("FR", _("France")),
    ("NL", _("Netherlands")),
    ("IR", _("Iran")),
    ("CA", _("Canada")),
    ("AU", _("Australia")),
]


class QuantityField(forms.IntegerField):
    """A quantity between 1 and the shop's per-line limit."""

    def __init__(self, **kwargs):
        limit = conf.get("STOREFRONT_MAX_LINE_QUANTITY")
        super().__init__(min_value=1, max_value=limit, **kwargs)


class AddToCartForm(forms.Form):
    variant = forms.IntegerField(label=_("Option"), min_value=1)
    quantity = QuantityField(label=_("Quantity"), initial=1)


class CartLineForm(forms.Form):
    quantity = QuantityField(label=_("Quantity"))


class CheckoutForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), help_text=_("We send your confirmation here."))
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    address_line1 = forms.CharField(label=_("Address"), max_length=200)
    address_line2 = forms.CharField(
        label=_("Apartment, suite (optional)"), max_length=200, required=False
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES)
    shipping_method = forms.ModelChoiceField(
        label=_("Shipping method"),
        queryset=ShippingMethod.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)

    def __init__(self, *args, user=None, goods_total: Decimal = Decimal(0), **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.goods_total = user, goods_total
        # Fields of the checkout adjusters (points to spend, ...), keyed by the adjuster.
        self.adjuster_fields: dict[str, list[str]] = {}
        for adjuster in adjusters.registered():
            extra = adjuster.form_fields(user=user, goods_total=goods_total)
            self.fields.update(extra)
            self.adjuster_fields[adjuster.code] = list(extra)
        self.fields["payment_method"].choices = [
            (method.code, method.label) for method in payments.available()
        ]
        for name in (
            "email",
            "full_name",
            "phone",
            "address_line1",
            "address_line2",
            "postal_code",
            "city",
        ):
            self.fields[name].widget.attrs["autocomplete"] = {
                "email": "email",
                "full_name": "name",
                "phone": "tel",
                "address_line1": "address-line1",
                "address_line2": "address-line2",
                "postal_code": "postal-code",
                "city": "address-level2",
            }[name]

    @property
    def adjuster_field_list(self) -> list[forms.BoundField]:
        return [self[name] for names in self.adjuster_fields.values() for name in names]

    def clean(self):
        data = super().clean()
        options = self.options()
        for adjuster in adjusters.registered():
            try:
                adjuster.quote(user=self.user, goods_total=self.goods_total, options=options)
            except adjusters.AdjustmentRefused as refusal:
                names = self.adjuster_fields.get(adjuster.code) or [None]
                self.add_error(names[0], str(refusal))
        return data

    def options(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for names in self.adjuster_fields.values()
            for name in names
        }

    def to_session(self) -> dict:
        data = {
            name: value for name, value in self.cleaned_data.items() if name not in self.options()
        }
        data["shipping_method"] = data["shipping_method"].pk
        data["options"] = self.options()
        return data
