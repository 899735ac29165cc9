"""The returns screens in the Wagtail admin: the return requests (list, filter, search, read one
with its lines, photos, history and the customer's other returns, and move it on with the
actions its status allows) and the editable list of return reasons. Every write goes through
the return services; viewing needs ``view_returnrequest``, acting ``change_returnrequest``."""

from decimal import Decimal, InvalidOperation

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import SnippetViewSet

from storefront.core.columns import MoneyColumn
from storefront.core.money import money
from storefront.core.permissions import NoAddDeletePolicy
from storefront.orders.models import Order
from storefront.products.models import ProductPage
from storefront.returns import services
from storefront.returns.models import (
    LineCondition,
    ReturnLine,
    ReturnOutcome,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)
from storefront.returns.selectors import return_request_detail
from storefront.returns.services import (
    MANAGE_PERMISSION,
    TRANSITIONS,
    ReturnError,
    return_approve,
    return_close,
    return_receive,
    return_refund,
    return_reject,
)

ADMIN_NAME = "storefront_returns_admin"
VIEW_PERMISSION = "storefront_returns.view_returnrequest"
SEARCH_FIELDS = ["rma", "order__number", "email"]
MESSAGE_MAX_LENGTH = 2000


def admin_url(view: str, request: ReturnRequest | None = None) -> str:
    return reverse(f"{ADMIN_NAME}:{view}", args=[request.pk] if request else [])


def _may_manage(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(MANAGE_PERMISSION)


def _may_view(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(VIEW_PERMISSION)


def _allows(request: ReturnRequest, status: str) -> bool:
    return status in TRANSITIONS[ReturnStatus(request.status)]


def _computed_refund(request: ReturnRequest) -> Decimal:
    """What ``return_refund`` pays when no lower amount is given."""
    lines = sum((line.refund for line in request.lines.all()), Decimal(0))
    return money(lines + request.shipping_refund)


def _can_exchange(request: ReturnRequest) -> bool:
    return (
        hasattr(services, "return_exchange")
        and request.outcome == ReturnOutcome.EXCHANGE
        and request.status == ReturnStatus.RECEIVED
        and request.exchange_order_id is None
    )


class ReturnRequestPermissionPolicy(NoAddDeletePolicy):
    """Return requests are seen by staff with ``view_returnrequest`` and changed only through
    the actions, so Wagtail's own add, edit and delete views stay shut."""

    denied = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.denied and _may_view(user)

    def users_with_any_permission(self, actions):
        if not set(actions) - self.denied:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(
            [VIEW_PERMISSION.split(".")[1]]
        ).filter(is_staff=True)


class ReturnRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReturnStatus.choices)
    reason = django_filters.ModelChoiceFilter(
        label=_("Reason"),
        field_name="lines__reason",
        queryset=ReturnReason.objects.all(),
        distinct=True,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Requested"), widget=DateRangePickerWidget
    )
    product = django_filters.ModelChoiceFilter(
        label=_("Product"),
        field_name="lines__order_line__product",
        queryset=lambda request: ProductPage.objects.live().order_by("title"),
        distinct=True,
    )

    class Meta:
        model = ReturnRequest
        fields: list[str] = []


class ReturnRequestIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("order")


class ReturnRequestInspectView(generic.InspectView):
    template_name = "storefront/returns/admin/returnrequest_inspect.html"

    def get_object(self, queryset=None):
        rma = get_object_or_404(ReturnRequest.objects.only("rma"), pk=self.pk).rma
        return return_request_detail(rma=rma)

    def get_fields_context(self):
        return []  # the template lays the request out itself

    def get_page_subtitle(self):
        return self.object.rma

    def _customer_filter(self, request: ReturnRequest) -> Q:
        if request.user_id is not None:
            return Q(user_id=request.user_id)
        return Q(email__iexact=request.email)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.object
        customer = self._customer_filter(request)
        may_manage = _may_manage(self.request.user)
        computed = _computed_refund(request)
        context.update(
            return_request=request,
            lines=list(request.lines.all()),
            photos=list(request.photos.all()),
            events=list(request.events.select_related("actor")),
            order_url=reverse("storefront_orders_admin:inspect", args=[request.order_id]),
            exchange_order_url=(
                reverse("storefront_orders_admin:inspect", args=[request.exchange_order_id])
                if request.exchange_order_id
                else ""
            ),
            other_returns=[
                (other, admin_url("inspect", other))
                for other in ReturnRequest.objects.filter(customer)
                .exclude(pk=request.pk)
                .select_related("order")
                .order_by("-created_at")
            ],
            orders_count=Order.objects.filter(customer).count(),
            computed_refund=computed,
            conditions=LineCondition.choices,
            may_manage=may_manage,
            can_approve=may_manage and _allows(request, ReturnStatus.APPROVED),
            can_reject=may_manage and _allows(request, ReturnStatus.REJECTED),
            can_receive=may_manage and _allows(request, ReturnStatus.RECEIVED),
            can_refund=(
                may_manage
                and _allows(request, ReturnStatus.REFUNDED)
                and request.refund_amount is None
            ),
            can_exchange=may_manage and _can_exchange(request),
            can_close=may_manage and _allows(request, ReturnStatus.CLOSED),
            message_max_length=MESSAGE_MAX_LENGTH,
            action_urls={
                action: admin_url(action, request)
                for action in ("approve", "reject", "receive", "refund", "exchange", "close")
            },
        )
        return context


def _act(request, pk, perform):
    """Run ``perform(return_request)`` for a manager: a ReturnError becomes an error message,
    success a message naming the new status; back to the request's page either way."""
    if not _may_manage(request.user):
        raise PermissionDenied
    return_request = get_object_or_404(ReturnRequest, pk=pk)
    try:
        return_request = perform(return_request)
    except ReturnError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Return %(rma)s is now %(status)s; the customer was e-mailed.")
            % {"rma": return_request.rma, "status": return_request.get_status_display().lower()},
        )
    return redirect(admin_url("inspect", return_request))


def _note(request) -> str:
    return request.POST.get("note", "")[:MESSAGE_MAX_LENGTH]


@require_POST
def return_approve_view(request, pk):
    return _act(
        request,
        pk,
        lambda return_request: return_approve(
            request=return_request, actor=request.user, note=_note(request)
        ),
    )


@require_POST
def return_reject_view(request, pk):
    message = request.POST.get("message", "")[:MESSAGE_MAX_LENGTH]
    return _act(
        request,
        pk,
        lambda return_request: return_reject(
            request=return_request, actor=request.user, message=message
        ),
    )


@require_POST
def return_receive_view(request, pk):
    def receive(return_request):
        conditions = {
            line.pk: request.POST.get(f"condition-{line.pk}", "")
            for line in return_request.lines.all()
        }
        return return_receive(
            request=return_request, actor=request.user, conditions=conditions, note=_note(request)
        )

    return _act(request, pk, receive)


@require_POST
def return_refund_view(request, pk):
    def refund(return_request):
        text = request.POST.get("amount", "").strip()
        try:
            amount = Decimal(text) if text else None
        except InvalidOperation:
            raise ReturnError(_("Enter the refund as an amount, such as 12.50.")) from None
        if amount is not None and not amount.is_finite():
            raise ReturnError(_("Enter the refund as an amount, such as 12.50."))
        return return_refund(
            request=return_request,
            actor=request.user,
            amount=amount,
            reason=request.POST.get("reason", "")[:255],
        )

    return _act(request, pk, refund)


@require_POST
def return_exchange_view(request, pk):
    exchange = getattr(services, "return_exchange", None)
    if exchange is None:
        raise PermissionDenied
    return _act(
        request,
        pk,
        lambda return_request: exchange(
            request=return_request, actor=request.user, note=_note(request)
        ),
    )


@require_POST
def return_close_view(request, pk):
    return _act(
        request,
        pk,
        lambda return_request: return_close(
            request=return_request, actor=request.user, note=_note(request)
        ),
    )


class ReturnRequestViewSet(ModelViewSet):
    model = ReturnRequest
    icon = "redirect"
    menu_label = _("Return requests")
    url_prefix = "returns"
    name = ADMIN_NAME
    index_view_class = ReturnRequestIndexView
    inspect_view_enabled = True
    inspect_view_class = ReturnRequestInspectView
    copy_view_enabled = False
    # Nothing is edited in a form: the edit view is refused by ReturnRequestPermissionPolicy.
    form_fields: list[str] = []
    filterset_class = ReturnRequestFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None  # the ORM's icontains over SEARCH_FIELDS
    list_display = [
        TitleColumn(
            "rma",
            label=_("RMA number"),
            sort_key="rma",
            get_url=lambda return_request: admin_url("inspect", return_request),
            get_title_id=lambda return_request: f"return_{return_request.pk}_title",
        ),
        Column("order", label=_("Order"), accessor="order.number", sort_key="order__number"),
        Column("email", label=_("E-mail"), sort_key="email"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda return_request: return_request.status == ReturnStatus.REQUESTED,
        ),
        Column("outcome", label=_("Outcome"), accessor="get_outcome_display"),
        MoneyColumn("estimated_refund", label=_("Estimated refund"), sort_key="estimated_refund"),
        DateColumn("created_at", label=_("Requested"), sort_key="created_at"),
    ]
    ordering = ["-created_at", "-pk"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", return_approve_view, name="approve"),
            path("reject/<int:pk>/", return_reject_view, name="reject"),
            path("receive/<int:pk>/", return_receive_view, name="receive"),
            path("refund/<int:pk>/", return_refund_view, name="refund"),
            path("exchange/<int:pk>/", return_exchange_view, name="exchange"),
            path("close/<int:pk>/", return_close_view, name="close"),
        ]

    def get_permissions_to_register(self):
        codenames = [VIEW_PERMISSION.split(".")[1], MANAGE_PERMISSION.split(".")[1]]
        return Permission.objects.filter(
            content_type__app_label=self.app_label, codename__in=codenames
        )


# ---------------------------------------------------------------------------- reasons


def reasons_in_use(reasons) -> set[int]:
    """The primary keys of ``reasons`` that returned lines give, which cannot be deleted."""
    return set(ReturnLine.objects.filter(reason__in=reasons).values_list("reason_id", flat=True))


REASON_IN_USE = _(
    "A return reason that customers gave for returned items cannot be deleted; untick "
    "“offered to shoppers” to retire it instead."
)


def _reasons_url() -> str:
    return reverse(ReturnReason.snippet_viewset.get_url_name("list"))


def refuse_deleting_reasons_in_use(request, instances):
    """``before_delete_snippet`` hook: a reason that returned lines give is kept (the lines
    protect it), for the delete view and the bulk delete alike."""
    reasons = [instance for instance in instances if isinstance(instance, ReturnReason)]
    if request.method != "POST" or not reasons or not reasons_in_use(reasons):
        return None
    messages.error(request, REASON_IN_USE)
    return redirect(_reasons_url())


class ReturnReasonDeleteView(SnippetDeleteView):
    """Wagtail's delete view, saying up front when returned lines give the reason (they are
    not in Wagtail's reference index) and refusing rather than failing on PROTECT."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        uses = ReturnLine.objects.filter(reason=self.object).count()
        context["return_line_count"] = uses
        if uses:
            context["is_protected"] = True
        return context

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, REASON_IN_USE)
            return redirect(_reasons_url())


class ReturnReasonViewSet(SnippetViewSet):
    model = ReturnReason
    icon = "list-ul"
    menu_label = _("Return reasons")
    delete_view_class = ReturnReasonDeleteView
    delete_template_name = "storefront/returns/admin/returnreason_delete.html"
    list_display = [
        "code",
        "label",
        BooleanColumn("requires_photo", label=_("Needs a photo")),
        BooleanColumn("allows_customized", label=_("Customized goods")),
        BooleanColumn("shop_fault", label=_("Shop's fault")),
        BooleanColumn("active", label=_("Offered")),
    ]
    list_filter = ["active", "shop_fault"]
    search_fields = ["code", "label"]
    search_backend_name = None


class ReturnsViewSetGroup(ViewSetGroup):
    menu_label = _("Returns")
    menu_icon = "redirect"
    menu_order = 155
    items = (ReturnRequestViewSet, ReturnReasonViewSet)
