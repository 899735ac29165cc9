from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

MARKETING_CONSENT_LABEL = _("Send me offers and news by e-mail")
MARKETING_CONSENT_HELP = _(
    "Optional. E-mails about your orders, deliveries and returns come either way. You can "
    "change your mind at any time under My account → Privacy and data."
)


def marketing_consent_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=MARKETING_CONSENT_LABEL, help_text=MARKETING_CONSENT_HELP, required=False
    )


class SignupForm(UserCreationForm):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    marketing_consent = marketing_consent_field()

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email", "first_name", "last_name")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."))
        return email


class MarketingConsentForm(forms.Form):
    consented = marketing_consent_field()


class AccountDeleteForm(forms.Form):
    """Deleting an account takes the current password and a choice for the reviews."""

    REVIEWS_CHOICES = [
        ("delete", _("Delete my reviews")),
        ("anonymize", _("Keep my reviews without my name (shown as by a former customer)")),
    ]

    reviews = forms.ChoiceField(
        label=_("Your reviews"),
        choices=REVIEWS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to delete your reviews or keep them anonymously."),
            "invalid_choice": _("Choose whether to delete your reviews or keep them anonymously."),
        },
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your current password. Nothing was deleted."),
                code="password_incorrect",
            )
        return password
