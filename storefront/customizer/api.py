"""Customizer endpoints of the JSON API: templates, designs, previews and choice events."""

from decimal import Decimal
from typing import Literal

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from storefront.core.ratelimit import rate_limit_exceeded
from storefront.customizer.models import CustomizationTemplate, Design
from storefront.customizer.selectors import design_by_token, template_with_zones
from storefront.customizer.services import (
    DesignError,
    EventIn,
    design_create,
    preference_events_record,
)
from storefront.products.models import ProductPage

router = Router(tags=["customizer"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class SwatchOut(Schema):
    id: int
    name: str
    hex: str
    price_delta: Decimal


class PatternOut(Schema):
    id: int
    key: str
    name: str
    tile: str
    price_delta: Decimal


class ZoneOut(Schema):
    key: str
    label: str
    mask: str
    default_swatch: int
    swatches: list[SwatchOut]
    patterns: list[PatternOut]


class TextRulesOut(Schema):
    enabled: bool
    label: str
    max_length: int
    allowed: str
    position: str
    colour: str
    price_delta: Decimal


class TemplateOut(Schema):
    id: int
    name: str
    base: str
    width: int
    height: int
    zones: list[ZoneOut]
    text: TextRulesOut


class ZoneChoiceIn(Strict):
    swatch: int
    pattern: int | None = None


class DesignIn(Strict):
    product_id: int
    zones: dict[str, ZoneChoiceIn] = Field(default_factory=dict)
    text: str = ""
    save: bool = False


class ChoiceWords(Schema):
    zone: str
    choice: str


class DesignOut(Schema):
    share_token: str
    product_id: int
    zones: dict[str, dict[str, int | None]]
    text: str
    saved: bool
    price: Decimal
    preview: str
    description: list[ChoiceWords]


class EventBatchItem(Strict):
    # Saved, carted and ordered are recorded by the server when they happen.
    kind: Literal["viewed", "selected"]
    zone: str = Field("", max_length=40)
    swatch: int | None = None
    pattern: int | None = None
    text_used: bool = False


class EventBatchIn(Strict):
    product_id: int
    visitor_id: str = Field("", max_length=40, pattern=r"^[A-Za-z0-9_-]*$")
    events: list[EventBatchItem] = Field(min_length=1, max_length=100)


class EventBatchOut(Schema):
    stored: int


def _template_out(template: CustomizationTemplate) -> dict:
    base = template.base_image
    return {
        "id": template.pk,
        "name": template.name,
        "base": base.file.url,
        "width": base.width,
        "height": base.height,
        "zones": [
            {
                "key": zone.key,
                "label": zone.label,
                "mask": zone.mask.file.url,
                "default_swatch": zone.default_swatch_id,
                "swatches": [
                    {
                        "id": s.pk,
                        "name": s.display_name(),
                        "hex": s.hex,
                        "price_delta": s.price_delta,
                    }
                    for s in zone.palette.swatches.all()
                ],
                "patterns": [
                    {
                        "id": p.pk,
                        "key": p.key,
                        "name": p.name,
                        "tile": p.tile.file.url,
                        "price_delta": p.price_delta,
                    }
                    for p in zone.patterns.all()
                ],
            }
            for zone in template.zones.all()
        ],
        "text": {
            "enabled": template.text_enabled,
            "label": template.text_label,
            "max_length": template.text_max_length,
            "allowed": template.text_allowed,
            "position": template.text_position,
            "colour": template.text_colour,
            "price_delta": template.text_price_delta,
        },
    }


def _design_out(design: Design) -> dict:
    return {
        "share_token": design.share_token,
        "product_id": design.product_id,
        "zones": design.choices,
        "text": design.text,
        "saved": design.saved,
        "price": design.price,
        "preview": design.preview_url,
        "description": [{"zone": zone, "choice": words} for zone, words in design.description],
    }


def _customizable_product(product_id: int) -> ProductPage:
    product = ProductPage.objects.live().filter(pk=product_id).first()
    if product is None or product.customization_template_id is None:
        raise HttpError(404, _("No customizable product with this id."))
    return product


@router.get("/templates/{template_id}", response=TemplateOut, summary="Customization template")
def template_detail(request, template_id: int):
    try:
        template = template_with_zones(template_id=template_id)
    except CustomizationTemplate.DoesNotExist:
        raise HttpError(404, _("No such customization template.")) from None
    return _template_out(template)


@router.post("/designs", response={201: DesignOut}, summary="Create a design")
def designs_create(request, payload: DesignIn):
    product = _customizable_product(payload.product_id)
    try:
        design = design_create(
            product=product,
            choices={key: choice.model_dump() for key, choice in payload.zones.items()},
            text=payload.text,
            owner=request.user,
            saved=payload.save,
        )
    except DesignError as error:
        raise HttpError(400, f"{error.field}: {error}") from None
    return _design_out(design)


@router.get("/designs/{share_token}", response=DesignOut, summary="A design by share token")
def designs_detail(request, share_token: str):
    try:
        design = design_by_token(share_token=share_token)
    except Design.DoesNotExist:
        raise HttpError(404, _("No design with this link.")) from None
    return _design_out(design)


@router.get(
    "/designs/{share_token}/preview",
    url_name="design_preview",
    summary="The design's rendered preview (redirects to the image)",
)
def designs_preview(request, share_token: str):
    try:
        design = design_by_token(share_token=share_token)
    except Design.DoesNotExist:
        raise HttpError(404, _("No design with this link.")) from None
    return redirect(design.preview_url)


@router.post(
    "/events",
    response={202: EventBatchOut},
    url_name="events_record",
    summary="Record a batch of choices",
)
def events_record(request, payload: EventBatchIn):
    visitor = payload.visitor_id or request.session.session_key or "anonymous"
    who = f"user-{request.user.pk}" if request.user.is_authenticated else f"visitor-{visitor}"
    if rate_limit_exceeded(request, group="events", setting="STOREFRONT_RATE_EVENTS", key=who):
        raise HttpError(429, _("Too many events; please slow down."))
    product = _customizable_product(payload.product_id)
    try:
        stored = preference_events_record(
            product=product,
            events=[EventIn(**event.model_dump()) for event in payload.events],
            user=request.user,
            visitor_id=payload.visitor_id,
        )
    except DesignError as error:
        raise HttpError(400, f"{error.field}: {error}") from None
    return {"stored": stored}
