"""The review moderation screen in the Wagtail admin: list, filter and search reviews, read one
with its photos and flags, publish, reject, answer or delete it, and publish or reject many at
once. Every write goes through the review services; only moderators (staff with
``moderate_productreview``) see any of it."""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_comments.models import CommentFlag
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import (
    BooleanColumn,
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect

from storefront.core.permissions import NoAddDeletePolicy
from storefront.products.models import ProductPage
from storefront.reviews.models import (
    RATINGS,
    STATUS_FILTERS,
    ProductReview,
    ReviewStatus,
)
from storefront.reviews.selectors import reviews_for_moderation
from storefront.reviews.services import (
    MODERATE_PERMISSION,
    ReviewError,
    ReviewNotAllowed,
    can_moderate,
    review_delete,
    review_moderate,
    review_reply,
    reviews_moderate_bulk,
)

ADMIN_NAME = "storefront_reviews_admin"
SEARCH_FIELDS = ["title", "comment", "user_name", "user_email"]
REPLY_MAX_LENGTH = 3000


def stars_text(rating: int | None) -> str:
    """A rating as text for listings: ``★★★★☆ 4``."""
    if not rating:
        return ""
    return f"{'★' * rating}{'☆' * (max(RATINGS) - rating)} {rating}"


def admin_url(view: str, review: ProductReview | None = None) -> str:
    return reverse(f"{ADMIN_NAME}:{view}", args=[review.pk] if review else [])


def _moderator_required(request) -> None:
    if not can_moderate(request.user):
        raise PermissionDenied


def _review_or_404(pk) -> ProductReview:
    return get_object_or_404(ProductReview.norel_objects.filter(is_shop_reply=False), pk=pk)


class ReviewPermissionPolicy(NoAddDeletePolicy):
    """Reviews are seen and moderated by staff with ``moderate_productreview``; Wagtail's own
    add, edit and delete views stay shut, because every change goes through the services."""

    denied = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.denied and can_moderate(user)

    def users_with_any_permission(self, actions):
        if not set(actions) - self.denied:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(
            [MODERATE_PERMISSION.split(".")[1]]
        ).filter(is_staff=True)


class ReviewFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReviewStatus.choices, method="filter_status"
    )
    rating = django_filters.ChoiceFilter(
        label=_("Rating"), choices=[(stars, stars_text(stars)) for stars in reversed(RATINGS)]
    )
    verified = django_filters.BooleanFilter(label=_("Verified buyer"), widget=BooleanRadioSelect)
    flagged = django_filters.BooleanFilter(
        label=_("Reported by shoppers"), widget=BooleanRadioSelect, method="filter_flagged"
    )
    product = django_filters.ModelChoiceFilter(
        label=_("Product"),
        queryset=lambda request: ProductPage.objects.live().order_by("title"),
    )
    submit_date = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ProductReview
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(STATUS_FILTERS[value]) if value in STATUS_FILTERS else queryset

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(flag_count__gt=0) if value else queryset.filter(flag_count=0)


def review_search(reviews: QuerySet[ProductReview], query: str) -> QuerySet[ProductReview]:
    """The index view's database search, for the bulk actions' "all in listing"."""
    if not query:
        return reviews
    matches = Q()
    for field in SEARCH_FIELDS:
        matches |= Q(**{f"{field}__icontains": query})
    return reviews.filter(matches)


class ReviewIndexView(generic.IndexView):
    def get_base_queryset(self):
        return reviews_for_moderation()

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="review"), *super().columns]


class ReviewInspectView(generic.InspectView):
    template_name = "storefront/reviews/admin/review_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            reviews_for_moderation().select_related("verified_order", "user"), pk=self.pk
        )

    def get_fields_context(self):
        return []  # the template lays the review out itself

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.object
        flags = (
            CommentFlag.objects.filter(comment_id=review.pk, flag=CommentFlag.SUGGEST_REMOVAL)
            .select_related("user", "reason")
            .order_by("flag_date", "pk")
        )
        context.update(
            review=review,
            stars=stars_text(review.rating),
            photos=review.photos.all(),
            flags=[(flag, getattr(flag, "reason", None)) for flag in flags],
            reply=ProductReview.norel_objects.filter(reply_to=review).first(),
            can_publish=review.status != ReviewStatus.APPROVED,
            can_reject=review.status != ReviewStatus.REJECTED,
            moderate_url=admin_url("moderate", review),
            reply_url=admin_url("reply", review),
            delete_url=admin_url("delete", review),
            reply_max_length=REPLY_MAX_LENGTH,
        )
        return context


@require_POST
def review_moderate_view(request, pk):
    _moderator_required(request)
    review = _review_or_404(pk)
    try:
        review = review_moderate(
            review=review, status=request.POST.get("status", ""), actor=request.user
        )
    except ReviewNotAllowed:
        raise PermissionDenied from None
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The review “%(title)s” is now %(status)s.")
            % {"title": review.title, "status": review.get_status_display().lower()},
        )
    return redirect(admin_url("inspect", review))


@require_POST
def review_reply_view(request, pk):
    _moderator_required(request)
    review = _review_or_404(pk)
    try:
        review_reply(review=review, text=request.POST.get("text", ""), actor=request.user)
    except ReviewNotAllowed:
        raise PermissionDenied from None
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The shop's reply is published under the review."))
    return redirect(admin_url("inspect", review))


class ReviewDeleteView(WagtailAdminTemplateMixin, TemplateView):
    """Asks, then deletes a review with its photos and reply through ``review_delete``."""

    template_name = "storefront/reviews/admin/review_delete.html"
    page_title = _("Delete review")
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        _moderator_required(request)
        self.review = _review_or_404(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.review)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": admin_url("index"), "label": capfirst(ProductReview._meta.verbose_name_plural)},
            {"url": admin_url("inspect", self.review), "label": str(self.review)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            review=self.review, inspect_url=admin_url("inspect", self.review), **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            review_delete(review=self.review, user=request.user)
        except ReviewNotAllowed:
            raise PermissionDenied from None
        messages.success(request, _("The review “%(title)s” was deleted.") % {"title": self.review})
        return redirect(admin_url("index"))


class ReviewViewSet(ModelViewSet):
    model = ProductReview
    icon = "comment"
    menu_label = _("Reviews")
    menu_order = 160
    add_to_admin_menu = True
    url_prefix = "reviews"
    name = ADMIN_NAME
    index_view_class = ReviewIndexView
    index_template_name = "storefront/reviews/admin/review_index.html"
    inspect_view_enabled = True
    inspect_view_class = ReviewInspectView
    copy_view_enabled = False
    # Nothing is edited in a form: the edit view is refused by ReviewPermissionPolicy.
    form_fields: list[str] = []
    filterset_class = ReviewFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None  # the ORM's icontains over SEARCH_FIELDS
    list_display = [
        TitleColumn(
            "title",
            label=_("Title"),
            sort_key="title",
            get_url=lambda review: admin_url("inspect", review),
            get_title_id=lambda review: f"review_{review.pk}_title",
        ),
        Column("product", label=_("Product"), accessor="product.title", sort_key="product__title"),
        Column(
            "rating",
            label=_("Rating"),
            accessor=lambda review: stars_text(review.rating),
            sort_key="rating",
        ),
        Column("user_name", label=_("Reviewer"), sort_key="user_name"),
        BooleanColumn("verified", label=_("Verified"), sort_key="verified"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda review: review.status == ReviewStatus.PENDING,
        ),
        Column("flag_count", label=_("Flags"), sort_key="flag_count"),
        Column("helpful_count", label=_("Helpful"), sort_key="helpful_count"),
        DateColumn("submit_date", label=_("Submitted"), sort_key="submit_date"),
    ]
    ordering = ["-submit_date", "-pk"]

    def get_urlpatterns(self):
        # Wagtail's own delete view would bypass the summary; ours goes through review_delete.
        return [
            *(pattern for pattern in super().get_urlpatterns() if pattern.name != "delete"),
            path("delete/<int:pk>/", ReviewDeleteView.as_view(), name="delete"),
            path("moderate/<int:pk>/", review_moderate_view, name="moderate"),
            path("reply/<int:pk>/", review_reply_view, name="reply"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type__app_label=self.app_label,
            codename=MODERATE_PERMISSION.split(".")[1],
        )


class ReviewBulkModerate(BulkAction):
    """Publish or reject the selected reviews through ``reviews_moderate_bulk``."""

    models = [ProductReview]
    status: str = ""
    template_name = "storefront/reviews/admin/bulk_moderate.html"

    def dispatch(self, request, *args, **kwargs):
        _moderator_required(request)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return list(reviews_for_moderation().filter(pk__in=ids).order_by("-submit_date", "-pk"))

    def get_all_objects_in_listing_query(self, parent_id):
        # "All in listing" means what the moderator sees: the same filters and search.
        filters = ReviewFilterSet(self.request.GET, reviews_for_moderation(), request=self.request)
        reviews = filters.qs if filters.is_valid() else reviews_for_moderation()
        reviews = review_search(reviews, self.request.GET.get("q", "").strip())
        return reviews.values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self, header_icon="comment", **kwargs)

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        try:
            changed = reviews_moderate_bulk(
                review_ids=[review.pk for review in objects], status=cls.status, actor=user
            )
        except ReviewNotAllowed:
            raise PermissionDenied from None
        return changed, 0


class ReviewBulkPublish(ReviewBulkModerate):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish the selected reviews")
    action_priority = 10
    status = ReviewStatus.APPROVED
    question = _("Publish these reviews?")

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d review published.", "%(count)d reviews published.", num_parent_objects
        ) % {"count": num_parent_objects}


class ReviewBulkReject(ReviewBulkModerate):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected reviews")
    action_priority = 20
    classes = {"serious"}
    status = ReviewStatus.REJECTED
    question = _("Reject these reviews? They disappear from the shop.")

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d review rejected.", "%(count)d reviews rejected.", num_parent_objects
        ) % {"count": num_parent_objects}
