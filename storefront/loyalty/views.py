"""The customer's points page, the birthday they give once, and the referral link."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from storefront.loyalty import services
from storefront.loyalty.forms import BirthdayForm
from storefront.loyalty.models import LoyaltyAccount, PointsEntry, loyalty_settings
from storefront.loyalty.receivers import REFERRAL_SESSION_KEY
from storefront.loyalty.selectors import LoyaltyOverview, loyalty_overview
from storefront.loyalty.services import account_for

LEDGER_PAGE_SIZE = 20
REFERRAL_CODE_MAX_LENGTH = 16


def tier_progress(overview: LoyaltyOverview) -> int:
    """How far (0–100) the customer is from their tier's threshold to the next one."""
    standing = overview.standing
    if standing.next_tier is None:
        return 100
    start = standing.tier.threshold if standing.tier else Decimal(0)
    span = standing.next_tier.threshold - start
    if span <= 0:
        return 100
    return max(0, min(100, int((standing.spend - start) * 100 / span)))


def _points_page(request, *, birthday_form: BirthdayForm | None = None, status: int = 200):
    overview = loyalty_overview(request.user)
    if overview.account is None:
        account_for(request.user)  # opened here, so the customer has a referral link
        overview = loyalty_overview(request.user)
    account = overview.account
    entries = (
        PointsEntry.objects.filter(account=account)
        .select_related("order")
        .order_by("-created_at", "-pk")
    )
    ledger = Paginator(entries, LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    referral_path = reverse("storefront:referral", args=[account.referral_code])
    return render(
        request,
        "storefront/loyalty/points.html",
        {
            "overview": overview,
            "program": overview.program,
            "account": account,
            "standing": overview.standing,
            "progress": tier_progress(overview),
            "ledger": ledger,
            "referral_url": request.build_absolute_uri(referral_path),
            "referrals": account.referrals.count(),
            "birthday_form": birthday_form or (None if account.birthday else BirthdayForm()),
        },
        status=status,
    )


@login_required
def points_page(request):
    return _points_page(request)


@require_POST
@login_required
def birthday_set(request):
    """The customer gives their birthday once; after that only staff change it."""
    form = BirthdayForm(request.POST)
    if not form.is_valid():
        return _points_page(request, birthday_form=form, status=400)
    if services.birthday_set(user=request.user, birthday=form.cleaned_data["birthday"]):
        messages.success(request, _("Thank you! We saved your birthday."))
    else:
        messages.error(
            request, _("Your birthday is already saved. Please contact us to change it.")
        )
    return redirect("storefront:loyalty_points")


def referral_landing(request, code: str):
    """A customer's personal link: remember who referred the visitor, then ask them to sign
    up. The referral is recorded when they log in for the first time (see receivers)."""
    if request.user.is_authenticated:
        messages.info(request, _("Referral links are for friends who do not have an account yet."))
        return redirect("storefront:loyalty_points")
    code = code.strip().upper()[:REFERRAL_CODE_MAX_LENGTH]
    program = loyalty_settings()
    if program.enabled and LoyaltyAccount.objects.filter(referral_code=code).exists():
        request.session[REFERRAL_SESSION_KEY] = code
        if program.referred_bonus:
            messages.info(
                request,
                _(
                    "A friend invited you: create your account and get %(points)d points "
                    "once your first order has arrived."
                )
                % {"points": program.referred_bonus},
            )
    return redirect("storefront:signup")
