"""Return endpoints of the JSON API: open a return of an order and read a return's status.

Ownership is the order pages' own check: the customer, or whoever sends the order's signed
link key as ``?key=``; anyone else gets a 404. Photos are added on the return page."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from storefront.core.ratelimit import rate_limit_exceeded
from storefront.orders.access import order_for_request
from storefront.returns.forms import MAX_NOTE_LENGTH
from storefront.returns.models import ReturnOutcome, ReturnRequest
from storefront.returns.selectors import return_reasons, return_request_detail, returnable_lines
from storefront.returns.services import LineChoice, ReturnError, return_request_open

router = Router(tags=["returns"])


class ReturnLineIn(Schema):
    order_line_id: int
    quantity: int = Field(description="How many of the line to return, at least 1")
    reason: str = Field(description="A reason code, e.g. doesnt_fit or defective")
    exchange_variant_id: int | None = Field(
        None, description="For an exchange: another variant of the same product"
    )


class ReturnIn(Schema):
    lines: list[ReturnLineIn] = Field(max_length=100)
    outcome: Literal["refund", "exchange", "store_credit"]
    note: str = Field("", max_length=MAX_NOTE_LENGTH)


class ReturnLineOut(Schema):
    order_line_id: int
    title: str
    variant: str
    quantity: int
    reason: str
    reason_label: str
    exchange_variant_id: int | None
    refund: Decimal


class ReturnEventOut(Schema):
    status: str
    date: datetime
    note: str


class ReturnOut(Schema):
    rma: str
    order_number: str
    status: str
    status_label: str
    outcome: str
    created_at: datetime
    estimated_refund: Decimal
    refund_amount: Decimal | None
    store_credit_points: int
    lines: list[ReturnLineOut]
    history: list[ReturnEventOut]


def _order(request, number: str):
    try:
        return order_for_request(request, number)
    except Http404:
        raise HttpError(404, _("No such order.")) from None


def _return_out(return_request: ReturnRequest) -> dict:
    return {
        "rma": return_request.rma,
        "order_number": return_request.order.number,
        "status": return_request.status,
        "status_label": str(return_request.get_status_display()),
        "outcome": return_request.outcome,
        "created_at": return_request.created_at,
        "estimated_refund": return_request.estimated_refund,
        "refund_amount": return_request.refund_amount,
        "store_credit_points": return_request.store_credit_points,
        "lines": [
            {
                "order_line_id": line.order_line_id,
                "title": line.order_line.title,
                "variant": line.order_line.variant_name,
                "quantity": line.quantity,
                "reason": line.reason.code,
                "reason_label": line.reason.label,
                "exchange_variant_id": line.exchange_variant_id,
                "refund": line.refund,
            }
            for line in return_request.lines.all()
        ],
        "history": [
            {"status": event.to_status, "date": event.created_at, "note": event.note}
            for event in return_request.events.all()
        ],
    }


@router.post("/orders/{number}/returns", response={201: ReturnOut}, summary="Request a return")
def return_create(request, number: str, payload: ReturnIn):
    """Open a return of lines of an order the requester owns (or holds the signed key of);
    400 with the reason when the order, a line, a quantity or a reason is refused."""
    user = request.user
    if rate_limit_exceeded(
        request,
        group="return-api",
        setting="STOREFRONT_RATE_RETURN",
        key=f"user:{user.pk}" if user.is_authenticated else "",
    ):
        raise HttpError(429, _("Too many return requests; please try again later."))
    order = _order(request, number)
    lines = {item.line.pk: item for item in returnable_lines(order)}
    reasons = {reason.code: reason for reason in return_reasons()}
    choices: list[LineChoice] = []
    exchange_variants: dict[int, int] = {}
    for wanted in payload.lines:
        item = lines.get(wanted.order_line_id)
        if item is None:
            raise HttpError(400, _("That item is not part of this order."))
        reason = reasons.get(wanted.reason)
        if reason is None:
            raise HttpError(
                400,
                _("Choose one of the reasons offered: %(codes)s.") % {"codes": ", ".join(reasons)},
            )
        if wanted.exchange_variant_id is not None and payload.outcome == ReturnOutcome.EXCHANGE:
            if wanted.exchange_variant_id not in {v.pk for v in item.exchange_variants}:
                raise HttpError(
                    400,
                    _("“%(title)s” can only be exchanged for another variant of the product.")
                    % {"title": item.line.title},
                )
            exchange_variants[item.line.pk] = wanted.exchange_variant_id
        choices.append(LineChoice(order_line=item.line, quantity=wanted.quantity, reason=reason))
    try:
        return_request = return_request_open(
            order=order,
            choices=choices,
            outcome=payload.outcome,
            note=payload.note,
            exchange_variants=exchange_variants,
            actor=user,
        )
    except ReturnError as error:
        raise HttpError(400, str(error)) from None
    return 201, _return_out(return_request_detail(rma=return_request.rma))


@router.get("/returns/{rma}", response=ReturnOut, summary="A return's status")
def return_status(request, rma: str):
    """The status, lines and history of a return, for its order's owner or key holder."""
    try:
        return_request = return_request_detail(rma=rma)
    except ReturnRequest.DoesNotExist:
        raise HttpError(404, _("No such return.")) from None
    try:
        order_for_request(request, return_request.order.number, detailed=False)
    except Http404:
        raise HttpError(404, _("No such return.")) from None
    return _return_out(return_request)
