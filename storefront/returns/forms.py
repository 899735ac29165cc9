"""The shopper's return form: a quantity, a reason and an exchange variant per order line,
the preferred outcome, a note and photos. The service re-checks everything under the order's
lock; the form turns the fields into ``LineChoice`` objects and says what to change."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from storefront.core.uploads import CleanImage, image_upload_clean
from storefront.orders.models import Order
from storefront.returns.models import ReturnOutcome, ReturnReason
from storefront.returns.selectors import ReturnableLine
from storefront.returns.services import LineChoice
from storefront.reviews.forms import MultiplePhotoField, MultiplePhotoInput

MAX_PHOTOS = 5
MAX_NOTE_LENGTH = 2000


class ReturnForm(forms.Form):
    """``cleaned_data`` of a valid form holds ``choices`` (LineChoice list), ``exchange_variants``
    (order line id → variant id, for exchanges) and re-encoded ``photos``."""

    outcome = forms.ChoiceField(
        label=_("How should we make it right?"),
        choices=ReturnOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a refund, an exchange or store credit.")},
    )
    note = forms.CharField(
        label=_("Anything we should know? (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = MultiplePhotoField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_(
            "Up to 5 JPEG, PNG or WebP photos, 5 MB each at most; needed when the item "
            "arrived damaged or faulty."
        ),
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(
        self,
        *args,
        order: Order,
        lines: list[ReturnableLine],
        reasons: list[ReturnReason],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.reasons = {reason.code: reason for reason in reasons}
        if order.user_id is None:  # store credit is paid as points into an account
            self.fields["outcome"].choices = [
                choice
                for choice in ReturnOutcome.choices
                if choice[0] != ReturnOutcome.STORE_CREDIT
            ]
        reason_choices = [("", _("Choose a reason"))] + [
            (reason.code, reason.label) for reason in reasons
        ]
        for item in lines:
            pk = item.line.pk
            title = item.line.title
            self.fields[f"quantity_{pk}"] = forms.IntegerField(
                label=_("Quantity"),
                required=False,
                initial=0,
                min_value=0,
                max_value=item.left,
                widget=forms.Select(choices=[(n, str(n)) for n in range(item.left + 1)]),
                error_messages={
                    "max_value": _("You can return at most %(limit_value)s of this item."),
                    "min_value": _("Choose 0 to keep this item."),
                },
            )
            self.fields[f"reason_{pk}"] = forms.ChoiceField(
                label=_("Reason"), required=False, choices=reason_choices
            )
            self.fields[f"exchange_{pk}"] = forms.ChoiceField(
                label=_("If exchanged, send"),
                required=False,
                choices=[("", _("The same item again"))]
                + [
                    (str(variant.pk), self._variant_label(variant))
                    for variant in item.exchange_variants
                ],
            )
            for name in ("quantity", "reason", "exchange"):
                self.fields[f"{name}_{pk}"].widget.attrs["aria-label"] = (
                    f"{self.fields[f'{name}_{pk}'].label}: {title}"
                )

    @staticmethod
    def _variant_label(variant) -> str:
        label = variant.name
        record = getattr(variant, "stock_record", None)
        if record is not None and record.quantity < 1:
            label = _("%(variant)s (out of stock at the moment)") % {"variant": label}
        return label

    @property
    def rows(self) -> list[dict]:
        """Per order line, what the template shows: the line and its three fields."""
        return [
            {
                "item": item,
                "quantity": self[f"quantity_{item.line.pk}"],
                "reason": self[f"reason_{item.line.pk}"],
                "exchange": self[f"exchange_{item.line.pk}"],
            }
            for item in self.lines
        ]

    def clean_note(self) -> str:
        return self.cleaned_data.get("note", "").strip()

    def clean_photos(self) -> list[CleanImage]:
        uploads = self.cleaned_data.get("photos") or []
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                _("Add at most %(count)d photos to a return.") % {"count": MAX_PHOTOS}
            )
        return [image_upload_clean(upload, name="return") for upload in uploads]

    def clean(self):
        cleaned = super().clean()
        choices: list[LineChoice] = []
        exchange_variants: dict[int, int] = {}
        for item in self.lines:
            pk = item.line.pk
            quantity = cleaned.get(f"quantity_{pk}") or 0
            if f"quantity_{pk}" in self.errors or quantity == 0:
                continue
            reason = self.reasons.get(cleaned.get(f"reason_{pk}", ""))
            if reason is None:
                self.add_error(
                    f"reason_{pk}",
                    _("Tell us why you are returning “%(title)s”.") % {"title": item.line.title},
                )
                continue
            choices.append(LineChoice(order_line=item.line, quantity=quantity, reason=reason))
            variant_id = cleaned.get(f"exchange_{pk}")
            if variant_id and cleaned.get("outcome") == ReturnOutcome.EXCHANGE:
                exchange_variants[pk] = int(variant_id)
        if not choices and not self.errors:
            raise ValidationError(
                _("Choose how many of an item to return, and why."), code="no_lines"
            )
        cleaned["choices"] = choices
        cleaned["exchange_variants"] = exchange_variants
        return cleaned
