"""Loyalty accounts in the Wagtail admin: list and search customers' points, read an account
with its ledger, adjust a balance with a reason and correct a birthday. Accounts and entries
are never added, edited or deleted here: every change of points goes through the services."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from storefront.core.columns import MoneyColumn
from storefront.core.permissions import NoAddDeletePolicy
from storefront.loyalty import services
from storefront.loyalty.forms import PointsAdjustForm, StaffBirthdayForm
from storefront.loyalty.models import LoyaltyAccount, PointsEntry
from storefront.loyalty.services import ADJUST_PERMISSION, PointsError, points_adjust

ADMIN_NAME = "storefront_loyalty_admin"
VIEW_PERMISSION = "storefront_loyalty.view_loyaltyaccount"
LEDGER_PAGE_SIZE = 50


def admin_url(view: str, account: LoyaltyAccount | None = None) -> str:
    return reverse(f"{ADMIN_NAME}:{view}", args=[account.pk] if account else [])


def can_adjust(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(ADJUST_PERMISSION)


class LoyaltyPermissionPolicy(NoAddDeletePolicy):
    """Staff with ``view_loyaltyaccount`` or ``adjust_points`` see the accounts; Wagtail's
    add, edit and delete views stay shut."""

    denied = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.denied or not (user.is_active and user.is_staff):
            return False
        return user.has_perm(VIEW_PERMISSION) or user.has_perm(ADJUST_PERMISSION)

    def users_with_any_permission(self, actions):
        if not set(actions) - self.denied:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(
            ["view_loyaltyaccount", ADJUST_PERMISSION.split(".")[1]]
        ).filter(is_staff=True)


class AccountIndexView(generic.IndexView):
    def get_base_queryset(self):
        return LoyaltyAccount.objects.select_related("user")


class AccountInspectView(generic.InspectView):
    template_name = "storefront/loyalty/admin/account_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(LoyaltyAccount.objects.select_related("user"), pk=self.pk)

    def get_fields_context(self):
        return []  # the template lays the account out itself

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.object
        entries = (
            PointsEntry.objects.filter(account=account)
            .select_related("order", "actor")
            .order_by("-created_at", "-pk")
        )
        # A closed account (its customer deleted theirs) is kept for the books, not changed.
        allowed = can_adjust(self.request.user) and not account.is_closed
        context.update(
            account=account,
            ledger=Paginator(entries, LEDGER_PAGE_SIZE).get_page(self.request.GET.get("p")),
            can_adjust=allowed,
            adjust_form=PointsAdjustForm(prefix="adjust") if allowed else None,
            birthday_form=(
                StaffBirthdayForm(prefix="birthday", initial={"birthday": account.birthday})
                if allowed
                else None
            ),
            adjust_url=admin_url("adjust", account),
            birthday_url=admin_url("birthday", account),
            referred_by=account.referred_by.user if account.referred_by_id else None,
        )
        return context


def _adjuster_only(request) -> None:
    if not can_adjust(request.user):
        raise PermissionDenied


@require_POST
def points_adjust_view(request, pk):
    """Add or take points with a required reason; the entry records the editor."""
    _adjuster_only(request)
    account = get_object_or_404(LoyaltyAccount, pk=pk)
    form = PointsAdjustForm(request.POST, prefix="adjust")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(admin_url("inspect", account))
    try:
        entry = points_adjust(
            account=account,
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except PointsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(points)+d points for %(customer)s: %(reason)s")
            % {"points": entry.points, "customer": account.user, "reason": entry.reason},
        )
    return redirect(admin_url("inspect", account))


@require_POST
def birthday_change_view(request, pk):
    """Correct or clear the birthday a customer gave (they may set it only once)."""
    _adjuster_only(request)
    account = get_object_or_404(LoyaltyAccount, pk=pk)
    form = StaffBirthdayForm(request.POST, prefix="birthday")
    if not form.is_valid():
        for error in form.errors.get("birthday", []):
            messages.error(request, error)
        return redirect(admin_url("inspect", account))
    try:
        services.birthday_set(
            user=account.user, birthday=form.cleaned_data["birthday"], actor=request.user
        )
    except PointsError as error:
        raise PermissionDenied from error
    messages.success(request, _("The birthday of %(customer)s is saved.") % {"customer": account})
    return redirect(admin_url("inspect", account))


class LoyaltyAccountViewSet(ModelViewSet):
    model = LoyaltyAccount
    icon = "tag"
    menu_label = _("Loyalty")
    menu_order = 170
    add_to_admin_menu = True
    url_prefix = "loyalty/accounts"
    name = ADMIN_NAME
    index_view_class = AccountIndexView
    inspect_view_enabled = True
    inspect_view_class = AccountInspectView
    copy_view_enabled = False
    # Nothing is edited in a form: LoyaltyPermissionPolicy refuses the edit view.
    form_fields: list[str] = []
    search_fields = ["user__username", "user__email", "referral_code"]
    search_backend_name = None  # the ORM's icontains over search_fields
    list_display = [
        TitleColumn(
            "customer",
            label=_("Customer"),
            accessor=str,  # the user, or "Closed account 12" once they deleted theirs
            sort_key="user__username",
            get_url=lambda account: admin_url("inspect", account),
        ),
        Column("email", label=_("E-mail"), accessor="user.email", sort_key="user__email"),
        Column("balance", label=_("Balance"), sort_key="balance"),
        Column("pending", label=_("Pending"), sort_key="pending"),
        Column("tier_name", label=_("Tier"), sort_key="tier_name"),
        MoneyColumn("tier_spend", label=_("Tier spend"), sort_key="tier_spend"),
    ]
    list_export = ["user", "balance", "pending", "tier_name", "tier_spend", "created_at"]
    ordering = ["-balance", "pk"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("adjust/<int:pk>/", points_adjust_view, name="adjust"),
            path("birthday/<int:pk>/", birthday_change_view, name="birthday"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type__app_label=self.app_label,
            codename__in=["view_loyaltyaccount", ADJUST_PERMISSION.split(".")[1]],
        )
