"""Return pages for shoppers: start a return of an order, see a request and print its slip.

Who may see a return is who may see its order (the customer, or whoever holds the order's
signed link, passed on as ``?key=``); everyone else gets a 404, whoever they are."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from storefront.core.models import shop_settings
from storefront.core.ratelimit import rate_for
from storefront.orders.access import order_for_request
from storefront.returns.access import key_query, return_detail_path
from storefront.returns.forms import ReturnForm
from storefront.returns.models import ReturnRequest, ReturnStatus, return_policy
from storefront.returns.selectors import (
    return_reasons,
    return_request_detail,
    returnable_lines,
    returns_of_user,
)
from storefront.returns.services import (
    ReturnError,
    refund_quote,
    return_eligibility,
    return_request_open,
)

return_rate = ratelimit(
    key="user_or_ip", rate=rate_for("STOREFRONT_RATE_RETURN"), method="POST", block=True
)
SLIP_STATUSES = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)


@return_rate
def return_start(request, number: str):
    """The return form of an order: the estimate re-renders it, "Send request" opens it."""
    order = order_for_request(request, number)
    refusal = return_eligibility(order)
    policy = return_policy()
    lines = returnable_lines(order)
    sending = request.method == "POST" and not refusal
    form = ReturnForm(
        data=request.POST if sending else None,
        files=request.FILES if sending else None,
        order=order,
        lines=lines,
        reasons=return_reasons(),
    )
    context = {
        "order": order,
        "form": form,
        "refusal": refusal,
        "policy": policy,
        # return_window_end() would read the policy a third time
        "window_end": order.delivered_at + timedelta(days=policy.window_days)
        if order.delivered_at
        else None,
        "nothing_left": not any(item.left for item in lines),
        "key_query": key_query(order),
        "quote": None,
    }
    if refusal:
        return render(request, "storefront/returns/return_start.html", context, status=400)
    if not sending:
        return render(request, "storefront/returns/return_start.html", context)
    if not form.is_valid():
        return render(request, "storefront/returns/return_start.html", context, status=400)
    data = form.cleaned_data
    if request.POST.get("action") == "estimate":
        context["quote"] = refund_quote(order=order, choices=data["choices"])
        return render(request, "storefront/returns/return_start.html", context)
    try:
        return_request = return_request_open(
            order=order,
            choices=data["choices"],
            outcome=data["outcome"],
            note=data["note"],
            photos=data["photos"],
            exchange_variants=data["exchange_variants"],
            actor=request.user,
        )
    except ReturnError as error:
        form.add_error(None, str(error))
        return render(request, "storefront/returns/return_start.html", context, status=400)
    messages.success(
        request,
        _("Your return request %(rma)s is on its way to us; we will answer by e-mail.")
        % {"rma": return_request.rma},
    )
    return redirect(return_detail_path(return_request))


def _return_for_request(request, rma: str) -> ReturnRequest:
    """The return request if the requester may see its order; 404 for anyone else."""
    try:
        return_request = return_request_detail(rma=rma)
    except ReturnRequest.DoesNotExist:
        raise Http404 from None
    order_for_request(request, return_request.order.number, detailed=False)
    return return_request


def return_detail(request, rma: str):
    return_request = _return_for_request(request, rma)
    return render(
        request,
        "storefront/returns/return_detail.html",
        {
            "return_request": return_request,
            "order": return_request.order,
            "key_query": key_query(return_request.order),
            "slip_available": return_request.status in SLIP_STATUSES,
        },
    )


def return_slip(request, rma: str):
    return_request = _return_for_request(request, rma)
    if return_request.status not in SLIP_STATUSES:
        raise Http404
    return render(
        request,
        "storefront/returns/return_slip.html",
        {
            "return_request": return_request,
            "order": return_request.order,
            "shop": shop_settings(request),
            "policy": return_policy(),
            "key_query": key_query(return_request.order),
        },
    )


@login_required
def my_returns(request):
    return render(
        request,
        "storefront/returns/my_returns.html",
        {"returns": returns_of_user(request.user)},
    )
