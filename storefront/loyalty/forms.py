"""Loyalty forms: the customer's birthday, and a staff adjustment of a balance."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

OLDEST_BIRTH_YEAR = 1900
MAX_ADJUSTMENT = 1_000_000


class BirthdayForm(forms.Form):
    """The day of the birthday bonus; the customer sets it once."""

    birthday = forms.DateField(
        label=_("Your birthday"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Once saved, only our team can change it."),
    )

    def clean_birthday(self) -> date:
        birthday = self.cleaned_data["birthday"]
        if birthday > timezone.localdate():
            raise forms.ValidationError(_("A birthday cannot be in the future."))
        if birthday.year < OLDEST_BIRTH_YEAR:
            raise forms.ValidationError(
                _("Enter a year after %(year)d.") % {"year": OLDEST_BIRTH_YEAR}
            )
        return birthday


class StaffBirthdayForm(BirthdayForm):
    """Staff correct or clear a customer's birthday."""

    birthday = forms.DateField(
        label=_("Birthday"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to clear it; the customer may then set it again."),
    )

    def clean_birthday(self) -> date | None:
        if self.cleaned_data.get("birthday") is None:
            return None
        return super().clean_birthday()


class PointsAdjustForm(forms.Form):
    """A staff correction: points to add (or take, when negative) and why."""

    points = forms.IntegerField(
        label=_("Points"),
        min_value=-MAX_ADJUSTMENT,
        max_value=MAX_ADJUSTMENT,
        help_text=_("Positive to add points, negative to take them away."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("Required. The customer sees it in their points history."),
    )

    def clean_points(self) -> int:
        points = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("Adjust by a number of points other than zero."))
        return points

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the balance is adjusted."))
        return reason
