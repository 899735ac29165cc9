"""Related products in the Wagtail admin (Shop → Related products): every product with its
editor picks and computed suggestions, where an editor excludes a computed one or brings it
back, sees what shoppers are shown, and starts a rebuild."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from storefront.orders.viewsets import SHOP_MENU_HOOK
from storefront.products.models import ProductPage
from storefront.related import tasks
from storefront.related.models import Place, RelatedExclusion, RelatedScore, Source
from storefront.related.selectors import computed_for_admin, related_for, related_state
from storefront.related.services import related_exclude, related_include

ADMIN_NAME = "storefront_related_admin"
MANAGE_PERMISSION = "storefront_related.manage_related"


def can_manage(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(MANAGE_PERMISSION)


def admin_url(view: str, *args) -> str:
    return reverse(f"{ADMIN_NAME}:{view}", args=args)


class ManageRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RelatedIndexView(ManageRequiredMixin, generic.IndexView):
    model = ProductPage
    index_url_name = f"{ADMIN_NAME}:index"
    index_results_url_name = f"{ADMIN_NAME}:index_results"
    page_title = _("Related products")
    search_fields = ["title", "sku"]
    search_backend_name = None
    default_ordering = "title"
    permission_policy = None
    template_name = "storefront/related/admin/index.html"
    columns = [
        TitleColumn(
            "title",
            label=_("Product"),
            get_url=lambda product: admin_url("product", product.pk),
            sort_key="title",
        ),
        Column("picks", label=_("Your picks"), sort_key="picks"),
        Column("co_purchase", label=_("Customers also bought"), sort_key="co_purchase"),
        Column("co_preference", label=_("Same shoppers customized"), sort_key="co_preference"),
        Column("exclusions", label=_("Excluded"), sort_key="exclusions"),
    ]

    def get_base_queryset(self):
        return ProductPage.objects.annotate(
            picks=Count("related_picks", distinct=True),
            co_purchase=_count_of(Source.CO_PURCHASE),
            co_preference=_count_of(Source.CO_PREFERENCE),
            exclusions=_subquery_count(RelatedExclusion),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state"] = related_state()
        context["rebuild_url"] = admin_url("rebuild")
        return context


def _subquery_count(model, **filters):
    counts = (
        model.objects.filter(product=OuterRef("pk"), **filters)
        .order_by()
        .values("product")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _count_of(source: str):
    return _subquery_count(RelatedScore, source=source)


class RelatedProductView(ManageRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "storefront/related/admin/product.html"
    header_icon = "link"

    def get_page_title(self):
        return _("Related products")

    def get_page_subtitle(self):
        return self.product.title

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": admin_url("index"), "label": _("Related products")},
            {"url": "", "label": self.product.title},
        ]

    def dispatch(self, request, *args, product_id: int, **kwargs):
        self.product = get_object_or_404(ProductPage, pk=product_id)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.product
        computed = computed_for_admin(product=product)
        context.update(
            product=product,
            picks=product.related_picks.select_related("product").order_by("sort_order", "pk"),
            computed=[(Source(source).label, rows) for source, rows in computed.items()],
            shown=related_for(product_ids=[product.pk], place=Place.PRODUCT),
            state=related_state(),
            edit_url=reverse("wagtailadmin_pages:edit", args=[product.pk]),
        )
        return context


def _other(request, product_id: int, other_id: int):
    if not can_manage(request.user):
        raise PermissionDenied
    product = get_object_or_404(ProductPage, pk=product_id)
    other = get_object_or_404(ProductPage, pk=other_id)
    return product, other


@require_POST
def exclude(request, product_id: int, other_id: int):
    product, other = _other(request, product_id, other_id)
    related_exclude(product=product, other=other, user=request.user)
    messages.success(
        request,
        _("%(other)s is no longer suggested on %(product)s.")
        % {"other": other.title, "product": product.title},
    )
    return redirect(admin_url("product", product.pk))


@require_POST
def include(request, product_id: int, other_id: int):
    product, other = _other(request, product_id, other_id)
    related_include(product=product, other=other)
    messages.success(
        request,
        _("%(other)s may be suggested on %(product)s again.")
        % {"other": other.title, "product": product.title},
    )
    return redirect(admin_url("product", product.pk))


@require_POST
def rebuild(request):
    if not can_manage(request.user):
        raise PermissionDenied
    tasks.storefront_rebuild_related.enqueue()
    messages.success(
        request,
        _("The rebuild has started. Suggestions change when it finishes."),
    )
    return redirect(admin_url("index"))


class RelatedViewSet(ViewSet):
    name = ADMIN_NAME
    url_prefix = "related-products"
    icon = "link"
    menu_label = _("Related products")
    menu_hook = SHOP_MENU_HOOK

    @property
    def menu_item_class(self):
        class RelatedMenuItem(MenuItem):
            def is_shown(self, request):
                return can_manage(request.user)

        return RelatedMenuItem

    def get_urlpatterns(self):
        index = RelatedIndexView.as_view()
        results = RelatedIndexView.as_view(results_only=True)
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
            path("<int:product_id>/", RelatedProductView.as_view(), name="product"),
            path("<int:product_id>/exclude/<int:other_id>/", exclude, name="exclude"),
            path("<int:product_id>/include/<int:other_id>/", include, name="include"),
            path("rebuild/", rebuild, name="rebuild"),
        ]
