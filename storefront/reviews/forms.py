"""Review forms: django-comments-xtd's form (security hash and honeypot kept) with a rating,
a title and photos; the filters of the review list; the report (flag) form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from storefront.core.uploads import CleanImage, image_upload_clean
from storefront.reviews.models import RATINGS, FlagReason
from storefront.reviews.selectors import DEFAULT_SORT
from storefront.reviews.services import MAX_PHOTOS

RATING_LABELS = {
    1: _("1 star: poor"),
    2: _("2 stars: fair"),
    3: _("3 stars: good"),
    4: _("4 stars: very good"),
    5: _("5 stars: excellent"),
}


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


class ReviewForm(XtdCommentForm):
    """A review of ``target_object`` (a product). The author's e-mail comes from their account
    or order, never from the form; ``cleaned_data["photos"]`` holds re-encoded photos."""

    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, RATING_LABELS[n]) for n in RATINGS],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "star-input"}),
        error_messages={"required": _("Choose a rating from 1 to 5 stars.")},
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 3 JPEG, PNG or WebP photos, 5 MB each at most."),
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    field_order = ["rating", "title", "comment", "photos", "name", "followup"]

    def __init__(
        self, target_object, *args, min_length: int = 0, existing_photos: int = 0, **kwargs
    ):
        super().__init__(target_object, *args, **kwargs)
        self.existing_photos = existing_photos
        for unused in ("url", "email"):
            self.fields.pop(unused)
        self.fields["name"].label = _("Name shown with your review")
        self.fields["name"].widget = forms.TextInput(attrs={"autocomplete": "nickname"})
        self.fields["comment"].label = _("Your review")
        self.fields["comment"].min_length = min_length or None
        self.fields["comment"].widget = forms.Textarea(attrs={"rows": 6})
        if min_length:
            self.fields["comment"].help_text = _("At least %(count)d characters.") % {
                "count": min_length
            }
        self.fields["followup"].label = _("E-mail me when the shop answers reviews of this product")
        self.fields["followup"].widget.attrs.pop("class", None)
        self.fields["reply_to"].required = False

    def clean_photos(self) -> list[CleanImage]:
        uploads = self.cleaned_data.get("photos") or []
        if len(uploads) + self.existing_photos > MAX_PHOTOS:
            raise ValidationError(
                _("A review can have at most %(count)d photos.") % {"count": MAX_PHOTOS}
            )
        return [image_upload_clean(upload, name="review") for upload in uploads]

    def clean_reply_to(self) -> int:
        return 0  # reviews are never replies; the shop answers from the admin


class ReviewFilterForm(forms.Form):
    """Sorting and filtering of a product's reviews (``r-`` prefixed on the product page)."""

    sort = forms.ChoiceField(
        label=_("Sort reviews"),
        required=False,
        initial=DEFAULT_SORT,
        choices=[
            ("helpful", _("Most helpful")),
            ("newest", _("Newest")),
            ("highest", _("Highest rated")),
            ("lowest", _("Lowest rated")),
        ],
    )
    stars = forms.TypedChoiceField(
        label=_("Stars"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All ratings"))] + [(n, RATING_LABELS[n]) for n in reversed(RATINGS)],
    )
    verified = forms.BooleanField(label=_("Verified buyers only"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReviewFlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should this review be removed?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
