"""Designs and preference events: validated against the template, priced on the server."""

import base64
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from storefront.core.ids import as_id
from storefront.core.money import money
from storefront.customizer.models import (
    ChoiceDailyCount,
    CustomizationTemplate,
    DailyCount,
    Design,
    Pattern,
    PreferenceDailyCount,
    PreferenceEvent,
    PreferenceKind,
    ProductDailyCount,
    Swatch,
    Zone,
    content_hash_of,
)
from storefront.customizer.rendering import (
    TEXT_CENTRES,
    TextLayer,
    ZoneLayer,
    compose,
    open_image,
    store_render,
)
from storefront.customizer.selectors import template_with_zones


class DesignError(ValueError):
    """A design was refused; ``field`` names what to change (e.g. ``zones.body.swatch``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ZoneChoice:
    zone: Zone
    swatch: Swatch
    pattern: Pattern | None = None


@dataclass(frozen=True)
class ResolvedDesign:
    """A design's choices checked against its template, with the objects they name."""

    template: CustomizationTemplate
    zones: list[ZoneChoice]
    text: str = ""
    choices: dict[str, dict[str, int | None]] = field(default_factory=dict)

    @property
    def price_delta(self) -> Decimal:
        total = sum(
            (
                c.swatch.price_delta + (c.pattern.price_delta if c.pattern else 0)
                for c in self.zones
            ),
            Decimal(0),
        )
        if self.text:
            total += self.template.text_price_delta
        return money(total)

    def describe(self) -> list[tuple[str, str]]:
        """The choices in words, zone by zone, for carts, orders and e-mails."""
        lines = []
        for choice in self.zones:
            words = choice.swatch.display_name()
            if choice.pattern is not None:
                words = f"{words}, {choice.pattern.name}"
            lines.append((choice.zone.label, words))
        if self.text:
            lines.append((self.template.text_label, self.text))
        return lines


def design_resolve(
    *, template: CustomizationTemplate, choices: Any, text: Any = ""
) -> ResolvedDesign:
    """Check choices against the template; zones left out take their default swatch.

    ``choices`` maps zone keys to ``{"swatch": id, "pattern": id or None}``. Raises
    DesignError naming the field for an unknown zone, a swatch outside the zone's palette,
    a pattern the zone does not offer, or a text over its length or outside its characters.
    """
    if not isinstance(choices, dict):
        raise DesignError("zones", _("Choices must map zone keys to a swatch and a pattern."))
    zones = {zone.key: zone for zone in template.zones.all()}
    for key in choices:
        if key not in zones:
            raise DesignError(
                f"zones.{key}", _("This product has no zone “%(key)s”.") % {"key": key}
            )
    resolved, canonical = [], {}
    for key, zone in zones.items():
        picked = choices.get(key) or {}
        if not isinstance(picked, dict):
            raise DesignError(
                f"zones.{key}", _("Choose a swatch for %(zone)s.") % {"zone": zone.label}
            )
        unknown = set(picked) - {"swatch", "pattern"}
        if unknown:
            name = sorted(unknown)[0]
            raise DesignError(
                f"zones.{key}.{name}", _("“%(name)s” cannot be chosen here.") % {"name": name}
            )
        palette = {swatch.pk: swatch for swatch in zone.palette.swatches.all()}
        swatch_id = picked.get("swatch", zone.default_swatch_id)
        swatch = palette.get(as_id(swatch_id))
        if swatch is None:
            raise DesignError(
                f"zones.{key}.swatch",
                _("That colour is not offered for %(zone)s.") % {"zone": zone.label},
            )
        pattern = None
        if picked.get("pattern") is not None:
            offered = {pattern.pk: pattern for pattern in zone.patterns.all()}
            pattern = offered.get(as_id(picked["pattern"]))
            if pattern is None:
                raise DesignError(
                    f"zones.{key}.pattern",
                    _("That pattern is not offered for %(zone)s.") % {"zone": zone.label},
                )
        resolved.append(ZoneChoice(zone=zone, swatch=swatch, pattern=pattern))
        canonical[key] = {"swatch": swatch.pk, "pattern": pattern.pk if pattern else None}
    text = _check_text(template, text)
    return ResolvedDesign(template=template, zones=resolved, text=text, choices=canonical)


def _check_text(template: CustomizationTemplate, text: Any) -> str:
    if text in (None, ""):
        return ""
    if not isinstance(text, str):
        raise DesignError("text", _("The text must be a string."))
    text = re.sub(r"\s+", " ", text).strip()
    if text and not template.text_enabled:
        raise DesignError("text", _("This product takes no text."))
    if len(text) > template.text_max_length:
        raise DesignError(
            "text",
            _("The text may be at most %(count)s characters long.")
            % {"count": template.text_max_length},
        )
    refused = sorted({char for char in text if char != " " and char not in template.text_allowed})
    if refused:
        raise DesignError(
            "text",
            _("These characters cannot be used: %(chars)s") % {"chars": " ".join(refused)},
        )
    return text


def design_render(resolved: ResolvedDesign) -> Image.Image:
    """The design's picture, composed with Pillow from the template's images."""
    template = resolved.template
    base = open_image(template.base_image.file)
    layers = [
        ZoneLayer(
            mask=open_image(choice.zone.mask.file).convert("L"),
            colour=choice.swatch.rgb,
            pattern=open_image(choice.pattern.tile.file).convert("L") if choice.pattern else None,
        )
        for choice in resolved.zones
    ]
    text = None
    if resolved.text:
        colour = template.text_colour.lstrip("#")
        text = TextLayer(
            text=resolved.text,
            colour=(int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)),
            centre=TEXT_CENTRES[template.text_position],
            size=0.06,
        )
    return compose(base, layers, text)


def design_preview_path(*, template: CustomizationTemplate, resolved: ResolvedDesign) -> str:
    """The storage path of the design's rendered preview, rendering it on first use."""
    content_hash = content_hash_of(template=template, choices=resolved.choices, text=resolved.text)
    return store_render(content_hash, lambda: design_render(resolved))


@transaction.atomic
def design_create(
    *, product, choices: Any, text: Any = "", owner=None, saved: bool = False
) -> Design:
    """Validate and store a design for a customizable product; raises DesignError. A design
    the shopper saves counts as their "saved" choices in the preference events."""
    if product.customization_template_id is None:
        raise DesignError("product", _("This product cannot be customized."))
    template = template_with_zones(template_id=product.customization_template_id)
    resolved = design_resolve(template=template, choices=choices, text=text)
    design = Design.objects.create(
        product=product,
        template=template,
        choices=resolved.choices,
        text=resolved.text,
        content_hash=content_hash_of(
            template=template, choices=resolved.choices, text=resolved.text
        ),
        owner=owner if owner is not None and owner.is_authenticated else None,
        saved=saved,
        price_delta=resolved.price_delta,
        description=[list(line) for line in resolved.describe()],
        preview=design_preview_path(template=template, resolved=resolved),
    )
    if saved:
        design_preferences_record(design=design, kind=PreferenceKind.SAVED, user=owner)
    return design


def template_preview(template: CustomizationTemplate) -> dict[str, Any]:
    """The template as it stands in the editor (saved or not), rendered with each zone's
    default swatch, as an inline PNG; or the reason it cannot be rendered yet."""
    try:
        resolved = design_resolve(template=template, choices={})
        picture = design_render(resolved)
    except (DesignError, ValueError, OSError, AttributeError) as error:
        return {"preview_src": "", "preview_error": str(error) or _("Add a base image and zones.")}
    picture.thumbnail((720, 720))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return {
        "preview_src": f"data:image/png;base64,{encoded}",
        "preview_error": "",
        "preview_lines": resolved.describe(),
        "preview_delta": resolved.price_delta,
    }


# ---------------------------------------------------------------------------- preferences


@dataclass(frozen=True)
class EventIn:
    kind: str
    zone: str = ""
    swatch: int | None = None
    pattern: int | None = None
    text_used: bool = False


# What a browser may report; saving, carting and ordering are recorded by their services.
BROWSER_KINDS = {PreferenceKind.VIEWED, PreferenceKind.SELECTED}


def _event_rows(
    *, product, template, events, user, visitor_id, now, kinds
) -> list[PreferenceEvent]:
    zones = {zone.key: zone for zone in template.zones.all()}
    rows = []
    for index, event in enumerate(events):
        where = f"events[{index}]"
        if event.kind not in kinds:
            raise DesignError(
                f"{where}.kind", _("Unknown event kind “%(kind)s”.") % {"kind": event.kind}
            )
        zone = zones.get(event.zone) if event.zone else None
        if event.zone and zone is None:
            raise DesignError(
                f"{where}.zone", _("This product has no zone “%(key)s”.") % {"key": event.zone}
            )
        swatch = pattern = None
        if event.swatch is not None:
            if zone is None:
                raise DesignError(f"{where}.zone", _("A swatch needs the zone it was chosen for."))
            swatch = next((s for s in zone.palette.swatches.all() if s.pk == event.swatch), None)
            if swatch is None:
                raise DesignError(
                    f"{where}.swatch",
                    _("That colour is not offered for %(zone)s.") % {"zone": zone.label},
                )
        if event.pattern is not None:
            if zone is None:
                raise DesignError(f"{where}.zone", _("A pattern needs the zone it was chosen for."))
            pattern = next((p for p in zone.patterns.all() if p.pk == event.pattern), None)
            if pattern is None:
                raise DesignError(
                    f"{where}.pattern",
                    _("That pattern is not offered for %(zone)s.") % {"zone": zone.label},
                )
        rows.append(
            PreferenceEvent(
                product=product,
                template=template,
                zone_key=event.zone,
                swatch=swatch,
                pattern=pattern,
                text_used=event.text_used,
                kind=event.kind,
                user=user if user is not None and user.is_authenticated else None,
                visitor_id="" if user is not None and user.is_authenticated else visitor_id,
                created_at=now,
            )
        )
    return rows


@transaction.atomic
def preference_events_record(
    *, product, events: list[EventIn], user=None, visitor_id: str = "", from_browser: bool = True
) -> int:
    """Store a batch of choices after checking every one against the product's template, and
    count them in the daily rollup. A bad event refuses the whole batch (DesignError); the
    browser may only report viewed and selected (``from_browser``): saved, carted and ordered
    come from the server's own services."""
    if product.customization_template_id is None:
        raise DesignError("product", _("This product cannot be customized."))
    template = template_with_zones(template_id=product.customization_template_id)
    kinds = BROWSER_KINDS if from_browser else set(PreferenceKind.values)
    rows = _event_rows(
        product=product,
        template=template,
        events=events,
        user=user,
        visitor_id=visitor_id,
        now=timezone.now(),
        kinds=kinds,
    )
    PreferenceEvent.objects.bulk_create(rows)
    _rollup_add(rows)
    return len(rows)


def design_preferences_record(*, design: Design, kind: str, user=None) -> int:
    """Record that a stored design was carted or ordered: one event per zone and one for its
    text. Called by the cart and order services inside their transactions; the choices were
    checked when the design was made, and a swatch deleted since is recorded as none."""
    swatch_ids = {choice.get("swatch") for choice in design.choices.values()}
    pattern_ids = {choice.get("pattern") for choice in design.choices.values()}
    swatches = set(Swatch.objects.filter(pk__in=swatch_ids - {None}).values_list("pk", flat=True))
    patterns = set(Pattern.objects.filter(pk__in=pattern_ids - {None}).values_list("pk", flat=True))
    now = timezone.now()
    person = user if user is not None and user.is_authenticated else None
    common = {
        "product_id": design.product_id,
        "template_id": design.template_id,
        "kind": kind,
        "user": person,
        "created_at": now,
    }
    rows = [
        PreferenceEvent(
            zone_key=zone,
            swatch_id=choice.get("swatch") if choice.get("swatch") in swatches else None,
            pattern_id=choice.get("pattern") if choice.get("pattern") in patterns else None,
            **common,
        )
        for zone, choice in sorted(design.choices.items())
    ]
    if design.text:
        rows.append(PreferenceEvent(zone_key="", text_used=True, **common))
    PreferenceEvent.objects.bulk_create(rows)
    _rollup_add(rows)
    return len(rows)


def _rollup_groups(event: PreferenceEvent) -> list[tuple[type[DailyCount], dict]]:
    """The group of each daily rollup that ``event`` counts in."""
    common = {"day": timezone.localdate(event.created_at), "kind": event.kind}
    groups: list[tuple[type[DailyCount], dict]] = [
        (
            PreferenceDailyCount,
            {
                **common,
                "product_id": event.product_id,
                "zone_key": event.zone_key,
                "swatch_id": event.swatch_id,
                "pattern_id": event.pattern_id,
            },
        ),
        (ProductDailyCount, {**common, "product_id": event.product_id}),
    ]
    if event.swatch_id is not None:
        groups.append(
            (ChoiceDailyCount, {**common, "swatch_id": event.swatch_id, "pattern_id": None})
        )
    if event.pattern_id is not None:
        groups.append(
            (ChoiceDailyCount, {**common, "swatch_id": None, "pattern_id": event.pattern_id})
        )
    return groups


def _rollup_add(rows: list[PreferenceEvent]) -> None:
    counts: dict[tuple[type[DailyCount], str], tuple[dict, int]] = {}
    for row in rows:
        for model, fields in _rollup_groups(row):
            key = (model, model.key_for(**fields))
            counts[key] = (fields, counts.get(key, (fields, 0))[1] + 1)
    # Always in the same order, so concurrent batches lock rows in the same order.
    for model, key in sorted(counts, key=lambda item: (item[0].__name__, item[1])):
        fields, count = counts[model, key]
        _rollup_increment(model, key, fields, count)


def _rollup_increment(model: type[DailyCount], key: str, fields: dict, count: int) -> None:
    updated = model.objects.filter(key=key).update(count=F("count") + count)
    if updated:
        return
    try:
        with transaction.atomic():
            model.objects.create(key=key, count=count, **fields)
    except IntegrityError:  # another batch created the row first
        model.objects.filter(key=key).update(count=F("count") + count)


# Each rollup, the events it counts and the columns it groups them by, with the columns it
# leaves empty (ChoiceDailyCount: the swatches, then the patterns, in rows of their own).
ROLLUP_GROUPINGS: list[tuple[type[DailyCount], Q, tuple[str, ...], dict]] = [
    (PreferenceDailyCount, Q(), ("product_id", "zone_key", "swatch_id", "pattern_id"), {}),
    (ProductDailyCount, Q(), ("product_id",), {}),
    (ChoiceDailyCount, Q(swatch__isnull=False), ("swatch_id",), {"pattern_id": None}),
    (ChoiceDailyCount, Q(pattern__isnull=False), ("pattern_id",), {"swatch_id": None}),
]
BATCH = 2000


@transaction.atomic
def preference_rollup_rebuild(*, since: date | None = None) -> int:
    """Recount the daily rollups from the raw events (all days, or from ``since``); returns
    the number of rows of the finest (``PreferenceDailyCount``). Counting happens in the
    database; rows are written as they are read, a batch at a time."""
    events = PreferenceEvent.objects.all()
    if since is not None:
        # From the start of that day here: a range the created_at index can serve.
        events = events.filter(
            created_at__gte=timezone.make_aware(datetime.combine(since, time.min))
        )
    for model in (PreferenceDailyCount, ProductDailyCount, ChoiceDailyCount):
        rollups = model.objects.all()
        (rollups.filter(day__gte=since) if since is not None else rollups).delete()
    written: dict[type[DailyCount], int] = defaultdict(int)
    for model, condition, columns, empty in ROLLUP_GROUPINGS:
        grouped = (
            events.filter(condition)
            .annotate(day=TruncDate("created_at"))
            .values("day", "kind", *columns)
            .annotate(n=Count("pk"))
            .order_by()
        )
        batch = []
        for group in grouped.iterator(chunk_size=BATCH):
            count = group.pop("n")
            fields = {**group, **empty}
            batch.append(model(key=model.key_for(**fields), count=count, **fields))
            if len(batch) == BATCH:
                written[model] += len(model.objects.bulk_create(batch))
                batch = []
        written[model] += len(model.objects.bulk_create(batch))
    return written[PreferenceDailyCount]
