"""The history behind the admin's insight reports, over the last four months: shoppers using
the customizer (viewing, choosing colours and patterns zone by zone, saving designs, leaving
some in their carts), return requests at every stage of the returns workflow, and clicks on
related-product suggestions, some of them followed by an order.

Return requests and clicks go through the shop's services and are dated afterwards, as the
demo's orders are (``config.demo_reviews.order_deliver``); preference events cannot be (see
``_preferences``). A fixed seed makes every demo the same. The demo's own visitor ids, the
e-mail domain of its guests' return orders and the session keys of its clicks mark what it
made, so a second run adds nothing. In the Persian demo the shoppers, their notes and the
shop's answers are Persian (each written next to its English), and amounts go through
``config.demo_locale.demo_money``.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max, Q
from django.test import override_settings
from django.utils import timezone

from config.demo_locale import ENGLISH, demo_money, in_language
from config.demo_reviews import (
    CUSTOMER,
    CUSTOMERS,
    Restock,
    Reviewer,
    _photo,
    _variant,
    order_deliver,
    shoppers,
)
from storefront.customizer.models import CustomizationTemplate, PreferenceEvent, PreferenceKind
from storefront.customizer.selectors import template_with_zones
from storefront.customizer.services import (
    DesignError,
    EventIn,
    _event_rows,
    preference_rollup_rebuild,
)
from storefront.loyalty.models import EntryKind, PointsEntry
from storefront.orders.models import Order, OrderEvent, OrderStatus
from storefront.orders.services import REPLACEMENT_PAYMENT, order_transition
from storefront.products.models import ProductPage
from storefront.related.models import Place, Source, SuggestionClick
from storefront.related.selectors import candidates_by_source
from storefront.related.services import (
    related_rebuild,
    suggestion_click_record,
    suggestion_clicks_attribute,
)
from storefront.returns.models import (
    LineCondition,
    ReturnEvent,
    ReturnOutcome,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)
from storefront.returns.services import (
    LineChoice,
    return_approve,
    return_close,
    return_exchange,
    return_receive,
    return_refund,
    return_reject,
    return_request_open,
)

SEED = 11
DAYS = 170  # the trends report compares its default 12 weeks with the 12 before
# Marks of the demo's history, so that a second run adds nothing.
VISITOR_PREFIX = "v-demo-"
MARKER_EMAIL_DOMAIN = "returns.example.com"
CLICK_SESSION_PREFIX = "demo"
# When shoppers are about: by hour of the day (evenings most), by day of the week (Monday
# first: weekends are busier).
HOUR_WEIGHTS = [1.0, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 2.0, 2.5, 2.6, 2.8]
HOUR_WEIGHTS += [3.4, 3.2, 2.6, 2.5, 2.6, 2.9, 3.6, 4.4, 4.8, 4.4, 3.2, 1.9]
WEEKDAY_WEIGHTS = (0.85, 0.9, 0.95, 1.0, 1.1, 1.4, 1.3)


@dataclass(frozen=True)
class InsightsHistory:
    """What one run added: preference events, return requests and suggestion clicks."""

    events: int = 0
    returns: int = 0
    clicks: int = 0

    def __bool__(self) -> bool:
        return bool(self.events or self.returns or self.clicks)


def demo_insights_create(*, language: str = ENGLISH) -> InsightsHistory:
    """Add the demo's customizer sessions, return requests (in ``language``) and suggestion
    clicks where they are not there yet, then recount the preference rollup and the related
    products; returns what was added."""
    rng = random.Random(SEED)
    now = timezone.now()
    # The demo's shoppers are made up: what the services queue after their orders and
    # returns (e-mails, and the related counts, which are rebuilt below) is dropped.
    quiet = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    )
    with quiet:
        returns = _returns(rng, now, language)
    with transaction.atomic():
        events = _preferences(rng, now)
        if events or returns:
            preference_rollup_rebuild()
    if events or returns:
        related_rebuild()  # the new shoppers' choices make co-preference partners
    with transaction.atomic():
        clicks = _clicks(rng, now)
    return InsightsHistory(events=events, returns=returns, clicks=clicks)


def _day_moment(rng: random.Random, day: date) -> datetime:
    """A time of ``day`` when shoppers are about: evenings most, nights least."""
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    moment = time(hour, rng.randrange(60), rng.randrange(60))
    return timezone.make_aware(datetime.combine(day, moment))


# ---------------------------------------------------------------------------- customizer

DAILY_VIEWS = (9.0, 14.0)  # customizer views a day, four months ago and today
PRODUCT_INTEREST = {
    "TEE-CUS-DIY": 1.5,
    "MUG-CUS-NAM": 1.2,
    "SNK-CUS-RUN": 1.1,
    "TOTE-CUS-NAM": 0.9,
    "CAP-CUS-SIX": 0.8,
}
SWATCH_TASTE = {
    "Black": 1.4,
    "Snow White": 1.3,
    "Midnight Navy": 1.2,
    "Charcoal": 1.0,
    "Sand": 0.9,
    "Forest Green": 0.9,
    "Sky Blue": 0.8,
    "Blush Pink": 0.7,
    "Sunflower": 0.6,
    "Gold": 0.35,
    "Copper": 0.35,
}
# How much likelier a colour or pattern is chosen at the start and at the end of the period
# (1: as likely as ever): a colour and a pattern coming into fashion, and two going out.
# Colours here and above by their English names (their own, or their English translation
# in the Persian shop), patterns by key.
TRENDS = {
    "Teal": (0.1, 5.0),
    "Cherry Red": (4.5, 0.1),
    "stripes": (0.5, 2.0),
    "dots": (2.0, 0.5),
}
ACCOUNT_SHARE = 0.15  # sessions of shoppers who are logged in
RETURNING_SHARE = 0.3  # sessions of a visitor seen before (often on another product)
SELECT_SHARE = 0.38  # of the views: the shopper chooses something
PATTERN_SHARE = 0.3  # of the colour choices in a zone that offers patterns
TEXT_SHARE = 0.35  # of the sessions that choose, where the template takes a text
SAVE_SHARE = 0.13  # of the sessions that choose: the design is saved
CART_LEFT_SHARE = 0.35  # of the saved designs: carted, then left in the cart


def _preferences(rng: random.Random, now: datetime) -> int:
    """Four months of customizer sessions, a visitor or a customer each: a view, often some
    choices, sometimes a saved design, now and then a cart left behind; returns how many
    events were stored.

    The events are stored with ``bulk_create``, not ``preference_events_record``: that
    service dates every event ``timezone.now()``, and a history needs the day each happened.
    Each session's events are still built and checked by the service's own ``_event_rows``
    (given the session's start as "now") against the product's template, so every choice is
    one its zone offers; the daily rollup is then recounted from the raw events."""
    if PreferenceEvent.objects.filter(visitor_id__startswith=VISITOR_PREFIX).exists():
        return 0
    products = list(
        ProductPage.objects.live().filter(customization_template__isnull=False).order_by("path")
    )
    if not products:
        return 0
    templates = {
        product.pk: template_with_zones(template_id=product.customization_template_id)
        for product in products
    }
    interest = [PRODUCT_INTEREST.get(product.sku, 1.0) for product in products]
    accounts = list(
        get_user_model()
        .objects.filter(Q(username__startswith="demo-customer-") | Q(username=CUSTOMER))
        .order_by("pk")
    )
    kinds = set(PreferenceKind.values)
    visitors: list[str] = []
    rows: list[PreferenceEvent] = []
    today = timezone.localdate(now)
    latest = now - timedelta(hours=2)  # every session is over by now
    for days_ago in range(DAYS, -1, -1):
        day = today - timedelta(days=days_ago)
        progress = 1 - days_ago / DAYS
        expected = DAILY_VIEWS[0] + (DAILY_VIEWS[1] - DAILY_VIEWS[0]) * progress
        expected *= WEEKDAY_WEIGHTS[day.weekday()]
        for _visit in range(max(0, round(rng.gauss(expected, math.sqrt(expected))))):
            started = _day_moment(rng, day)
            product = rng.choices(products, weights=interest)[0]
            user, visitor_id = _shopper(rng, accounts, visitors)
            template = templates[product.pk]
            # Drawn first, so that the history does not depend on the hour the demo runs.
            session = _session(rng, template, progress)
            if started > latest:
                continue
            try:
                built = _event_rows(
                    product=product,
                    template=template,
                    events=[event for event, _seconds in session],
                    user=user,
                    visitor_id=visitor_id,
                    now=started,
                    kinds=kinds,
                )
            except DesignError:  # a template someone has changed since
                continue
            for row, (_event, seconds) in zip(built, session, strict=True):
                row.created_at = started + timedelta(seconds=seconds)
            rows.extend(built)
    PreferenceEvent.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _shopper(rng: random.Random, accounts: list, visitors: list[str]):
    """(user, visitor id) of a session: a customer, a returning visitor or a new one."""
    if accounts and rng.random() < ACCOUNT_SHARE:
        return rng.choice(accounts), ""
    if visitors and rng.random() < RETURNING_SHARE:
        return None, rng.choice(visitors)
    visitors.append(f"{VISITOR_PREFIX}{rng.getrandbits(48):012x}")
    return None, visitors[-1]


def _session(
    rng: random.Random, template: CustomizationTemplate, progress: float
) -> list[tuple[EventIn, int]]:
    """The events of one session as the browser (and, for the cart, the server) reports
    them, each with the seconds since the view. ``progress`` (0 four months ago, 1 today)
    moves the colours in fashion."""
    events = [(EventIn(kind=PreferenceKind.VIEWED), 0)]
    if rng.random() >= SELECT_SHARE:
        return events
    zones = list(template.zones.all())
    if not zones:
        return events
    design = {zone.key: (zone.default_swatch_id, None) for zone in zones}
    seconds = 0
    for _choice in range(1 + min(int(rng.expovariate(1.4)), 4)):
        seconds += rng.randint(5, 90)
        zone = rng.choices(zones, weights=[1 / (index + 1) for index in range(len(zones))])[0]
        offered = list(zone.palette.swatches.all())
        names = [swatch.display_name(ENGLISH) for swatch in offered]
        weights = [SWATCH_TASTE.get(name, 1.0) * _trend(name, progress) for name in names]
        swatch = rng.choices(offered, weights=weights)[0]
        events.append((EventIn(PreferenceKind.SELECTED, zone=zone.key, swatch=swatch.pk), seconds))
        pattern = None
        patterns = list(zone.patterns.all())
        if patterns and rng.random() < PATTERN_SHARE:
            weights = [_trend(pattern.key, progress) for pattern in patterns]
            pattern = rng.choices(patterns, weights=weights)[0]
            seconds += rng.randint(3, 30)
            events.append(
                (
                    EventIn(
                        PreferenceKind.SELECTED, zone=zone.key, swatch=swatch.pk, pattern=pattern.pk
                    ),
                    seconds,
                )
            )
        design[zone.key] = (swatch.pk, pattern.pk if pattern else None)
    text = template.text_enabled and rng.random() < TEXT_SHARE
    if text:
        seconds += rng.randint(10, 60)
        events.append((EventIn(PreferenceKind.SELECTED, text_used=True), seconds))
    if rng.random() >= SAVE_SHARE:
        return events
    seconds += rng.randint(20, 240)
    events += [(event, seconds) for event in _whole_design(PreferenceKind.SAVED, design, text)]
    if rng.random() < CART_LEFT_SHARE:
        seconds += rng.randint(30, 900)
        events += [(event, seconds) for event in _whole_design(PreferenceKind.CARTED, design, text)]
    return events


def _whole_design(kind: str, design: dict, text: bool) -> list[EventIn]:
    """A design's events as ``design_preferences_record`` writes them: one per zone, one for
    its text."""
    events = [
        EventIn(kind, zone=key, swatch=swatch, pattern=pattern)
        for key, (swatch, pattern) in sorted(design.items())
    ]
    if text:
        events.append(EventIn(kind, text_used=True))
    return events


def _trend(name: str, progress: float) -> float:
    start, end = TRENDS.get(name, (1.0, 1.0))
    return start + (end - start) * progress


# ---------------------------------------------------------------------------- returns


@dataclass(frozen=True)
class DemoReturn:
    sku: str
    variant: str
    by: str  # "c<n>": a demo customer; "g<n>": a guest (who cannot take store credit)
    reason: str  # a ReturnReason code (made by the returns app's migrations)
    outcome: str  # a ReturnOutcome
    status: str  # where the request stands today
    days_ago: int  # when it was requested
    note: str
    exchange_for: str = ""  # the variant to send instead
    condition: str = LineCondition.SELLABLE
    # (money kept back, in dollars; why; why in Persian)
    refund_less: tuple[str, str, str] | None = None
    kept: str = ""  # another product of the order, which the shopper keeps
    note_fa: str = ""  # the note in the Persian shop


DR = DemoReturn
REFUND, CREDIT, EXCHANGE = ReturnOutcome.REFUND, ReturnOutcome.STORE_CREDIT, ReturnOutcome.EXCHANGE
REQUESTED, APPROVED, REJECTED = ReturnStatus.REQUESTED, ReturnStatus.APPROVED, ReturnStatus.REJECTED
RECEIVED, REFUNDED, CLOSED = ReturnStatus.RECEIVED, ReturnStatus.REFUNDED, ReturnStatus.CLOSED
REJECTION = (
    "The tracking shows your parcel was delivered on the day we promised, so we cannot take "
    "it back as a late delivery. You are welcome to return it as a change of mind instead."
)
REJECTION_FA = (
    "طبق کد رهگیری، بسته همان روزی که قول داده بودیم تحویل شده است، پس نمی‌توانیم آن را به "
    "عنوان تحویل دیرهنگام پس بگیریم. می‌توانید آن را با دلیل «نظرم عوض شد» مرجوع کنید."
)

RETURNS: list[DemoReturn] = [
    DR("TEE-ORG-BLU", "S", "g3", "doesnt_fit", REFUND, CLOSED, 104,
       "Lovely fabric but the S is cropped on me.",
       note_fa="پارچه‌اش عالی است ولی S برای من کوتاه است."),
    DR("HOOD-HAR-NVY", "M", "c2", "doesnt_fit", EXCHANGE, CLOSED, 96,
       "Snug across the shoulders; could I have an L instead?", exchange_for="L",
       note_fa="روی شانه‌ها تنگ است؛ می‌شود به‌جایش L بفرستید؟"),
    DR("SNK-CRT-WHT", "EU 42", "c4", "doesnt_fit", CREDIT, CLOSED, 88,
       "Half a size too big. Store credit is fine, I will pick something else.",
       note_fa="نیم سایز بزرگ است. اعتبار خرید هم خوب است، چیز دیگری انتخاب می‌کنم."),
    DR("MUG-MRN-TER", "300 ml", "g5", "defective", REFUND, REFUNDED, 75,
       "Arrived with a chip in the rim.", condition=LineCondition.DAMAGED,
       note_fa="با لب‌پریدگی روی لبه رسید."),
    DR("SNK-LOW-TER", "EU 41", "g8", "changed_mind", REFUND, CLOSED, 70,
       "Not my colour after all.", condition=LineCondition.DAMAGED,
       refund_less=("15.00", "Returned worn, with scuffed soles",
                    "پوشیده‌شده و با زیرهٔ خط‌افتاده برگشت"),
       note_fa="در نهایت رنگش به من نمی‌آید."),
    DR("PRT-DST-DWN", "A3", "c5", "not_as_pictured", REFUND, REFUNDED, 61,
       "The orange is much stronger than on the website.", kept="PRT-BLU-HR",
       note_fa="نارنجی‌اش خیلی تندتر از چیزی است که در سایت دیده می‌شود."),
    DR("CSH-OCN-BLU", "45 × 45 cm", "g10", "wrong_item", REFUND, CLOSED, 52,
       "I ordered the 50 cm cushion and got the 45 cm one.",
       note_fa="کوسن ۵۰ سانتی سفارش داده بودم و ۴۵ سانتی رسید."),
    DR("TEE-HEA-GRY", "L", "g7", "arrived_late", REFUND, REJECTED, 47,
       "It came a day after the birthday it was meant for.",
       note_fa="یک روز بعد از تولدی رسید که برایش خریده بودم."),
    DR("BEAN-RIB-RED", "One size", "c7", "not_as_pictured", CREDIT, REFUNDED, 38,
       "More pink than red in daylight.",
       note_fa="در نور روز بیشتر صورتی است تا قرمز."),
    DR("MUG-CUS-NAM", "300 ml", "c9", "defective", REFUND, REFUNDED, 30,
       "The print on my mug is smudged on one side.", condition=LineCondition.DAMAGED,
       note_fa="چاپ روی ماگم یک طرفش پخش شده."),
    DR("BTL-TRL-SAG", "500 ml", "c3", "wrong_item", REFUND, REFUNDED, 20,
       "Sent the 500 ml bottle; I ordered the 750 ml.", kept="CAP-SIX-GRN",
       note_fa="قمقمهٔ ۵۰۰ میلی‌لیتری فرستادید؛ من ۷۵۰ سفارش داده بودم."),
    DR("SNK-TRL-BLU", "EU 42", "c6", "doesnt_fit", EXCHANGE, RECEIVED, 12,
       "A bit tight on longer runs, please swap for EU 43.", exchange_for="EU 43",
       note_fa="در دویدن‌های طولانی کمی تنگ است، لطفاً با سایز ۴۳ عوضش کنید."),
    DR("TOTE-SUN-PCH", "Standard", "g12", "changed_mind", REFUND, RECEIVED, 9,
       "Bought two totes by mistake.",
       note_fa="اشتباهی دو کیف خریدم."),
    DR("HOOD-CLD-LAV", "L", "c11", "doesnt_fit", CREDIT, APPROVED, 6,
       "Too long in the sleeves.",
       note_fa="آستین‌هایش زیادی بلند است."),
    DR("TEE-SUN-COR", "M", "g2", "not_as_pictured", REFUND, REQUESTED, 2,
       "The print is smaller than in the photos.",
       note_fa="چاپ از عکس‌ها کوچک‌تر است."),
    DR("CAP-DNM-BLU", "One size", "g13", "changed_mind", REFUND, REQUESTED, 1,
       "Found one I like better.",
       note_fa="یکی پیدا کردم که بیشتر دوستش دارم."),
]  # fmt: skip
# Each step of a request, days after it was opened.
STEP_DAYS = {REQUESTED: 0.0, APPROVED: 1.1, REJECTED: 1.1, RECEIVED: 5.3, REFUNDED: 6.2}
CLOSED_DAYS, EXCHANGED_DAYS = 8.4, 6.0
# The steps that lead to each status, after the request itself.
STEPS = {
    REQUESTED: [],
    APPROVED: [APPROVED],
    REJECTED: [REJECTED],
    RECEIVED: [APPROVED, RECEIVED],
    REFUNDED: [APPROVED, RECEIVED, REFUNDED],
    CLOSED: [APPROVED, RECEIVED, REFUNDED, CLOSED],
}


def _returns(rng: random.Random, now: datetime, language: str) -> int:
    """Return requests on delivered orders, opened and handled through the returns services
    by the demo's admin, then dated as they happened; returns how many were opened.

    A return can only be opened within the return window, so each order is delivered a few
    days before today, its return handled, and then the order and its return are moved back
    to when they happened. Each order is committed before its return, as in a shop: its
    points are earned when the order's placement is committed, and a refund takes back the
    points of what comes back.

    The guests' orders have an e-mail address at MARKER_EMAIL_DOMAIN, so a second run adds
    nothing; the customers' orders keep their own address, as in the customers report."""
    if Order.objects.filter(email__endswith=f"@{MARKER_EMAIL_DOMAIN}").exists():
        return 0
    staff = (
        get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )
    products = {page.sku: page for page in ProductPage.objects.live()}
    reasons = {reason.code: reason for reason in ReturnReason.objects.filter(active=True)}
    users = {
        code: get_user_model().objects.filter(username=f"demo-customer-{code[1:]}").first()
        for code in CUSTOMERS
    }
    if staff is None:
        return 0
    stock = Restock()
    opened = 0
    for number, spec in enumerate(RETURNS):
        buyer = _buyer(spec.by, users, language)
        if (
            spec.sku not in products
            or spec.reason not in reasons
            or buyer is None
            or (spec.kept and spec.kept not in products)
        ):
            continue
        product = products[spec.sku]
        items = [_item(product, spec.variant)]
        if spec.kept:
            items.append(_item(products[spec.kept], ""))
        waited = timedelta(days=rng.randint(2, 9), hours=rng.randint(0, 20))
        email = (
            None if buyer.user else f"{buyer.shopper.first_handle}.{number}@{MARKER_EMAIL_DOMAIN}"
        )
        known = PreferenceEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        with transaction.atomic():
            order_deliver(buyer, items, stock, staff, now - waited, email=email)
            order = Order.objects.order_by("-pk").first()  # the one just placed
        requested = now - timedelta(days=spec.days_ago, hours=rng.randint(1, 9))
        with transaction.atomic():
            request = _handle(spec, order, reasons[spec.reason], staff, stock, language)
            _redate(order, request, requested, shift=now - requested)
            # A design in the order was recorded as carted and ordered, today.
            designed = PreferenceEvent.objects.filter(pk__gt=known)
            designed.filter(kind=PreferenceKind.CARTED).update(
                created_at=order.placed_at - timedelta(minutes=rng.randint(3, 40))
            )
            designed.filter(kind=PreferenceKind.ORDERED).update(created_at=order.placed_at)
        opened += 1
    with transaction.atomic():
        stock.restore()
    return opened


def _buyer(code: str, users: dict, language: str) -> Reviewer | None:
    customers, guests, _customer = shoppers(language)
    if code in guests:
        return Reviewer(guests[code], None)
    user = users.get(code)
    return Reviewer(customers[code], user) if user is not None else None


def _item(product: ProductPage, variant: str):
    """An order item for ``order_deliver``: made to the template's default design when the
    product is customizable."""
    return _variant(product, variant), "" if product.customization_template_id else None


def _handle(
    spec: DemoReturn, order: Order, reason: ReturnReason, staff, stock: Restock, language: str
):
    """Open the return of the order's ``spec.sku`` line and take it to ``spec.status``."""
    line = order.lines.get(sku__startswith=spec.sku)
    exchange = {}
    if spec.exchange_for:
        exchange = {line.pk: _variant(line.product, spec.exchange_for).pk}
    photos = []
    if reason.requires_photo:
        photos.append(_photo(spec.sku, "#e9e4da", "#b5483a"))
    request = return_request_open(
        order=order,
        choices=[LineChoice(order_line=line, quantity=1, reason=reason)],
        outcome=spec.outcome,
        note=in_language(language, spec.note, spec.note_fa),
        photos=photos,
        exchange_variants=exchange,
    )
    for step in STEPS[spec.status]:
        if step == APPROVED:
            request = return_approve(request=request, actor=staff)
        elif step == REJECTED:
            message = in_language(language, REJECTION, REJECTION_FA)
            request = return_reject(request=request, actor=staff, message=message)
        elif step == RECEIVED:
            conditions = {returned.pk: spec.condition for returned in request.lines.all()}
            request = return_receive(request=request, actor=staff, conditions=conditions)
        elif step == REFUNDED and spec.outcome == EXCHANGE:
            for returned in request.lines.select_related("exchange_variant"):
                stock.reserve(returned.exchange_variant or line.variant)
            request = return_exchange(request=request, actor=staff)
            break  # the exchange closes the request
        elif step == REFUNDED:
            amount, why = None, ""
            if spec.refund_less:
                kept_back, why, why_fa = spec.refund_less
                amount = request.estimated_refund - demo_money(kept_back, language)
                why = in_language(language, why, why_fa)
            request = return_refund(request=request, actor=staff, amount=amount, reason=why)
        elif step == CLOSED:
            request = return_close(request=request, actor=staff)
    if request.exchange_order_id:
        for status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            order_transition(order=request.exchange_order, to_status=status, actor=staff)
    return request


def _redate(order: Order, request: ReturnRequest, requested: datetime, *, shift: timedelta):
    """Move ``order`` and its history back by ``shift`` (and reload its dates), date each
    step of its return request days after ``requested``, and the points they wrote."""
    Order.objects.filter(pk=order.pk).update(
        placed_at=F("placed_at") - shift, delivered_at=F("delivered_at") - shift
    )
    OrderEvent.objects.filter(order=order).update(created_at=F("created_at") - shift)
    steps = {status: requested + timedelta(days=days) for status, days in STEP_DAYS.items()}
    steps[CLOSED] = requested + timedelta(
        days=EXCHANGED_DAYS if request.exchange_order_id else CLOSED_DAYS
    )
    ReturnRequest.objects.filter(pk=request.pk).update(created_at=requested)
    for status, when in steps.items():
        ReturnEvent.objects.filter(request=request, to_status=status).update(created_at=when)
    _redate_points(order, request, refunded=steps[REFUNDED])
    if request.exchange_order_id:
        sent = steps[CLOSED]
        Order.objects.filter(pk=request.exchange_order_id).update(
            placed_at=sent, delivered_at=sent + timedelta(days=3)
        )
        for status, when in (
            (OrderStatus.PAID, sent),
            (OrderStatus.SHIPPED, sent + timedelta(hours=20)),
            (OrderStatus.DELIVERED, sent + timedelta(days=3)),
        ):
            OrderEvent.objects.filter(order_id=request.exchange_order_id, to_status=status).update(
                created_at=when
            )


def _redate_points(order: Order, request: ReturnRequest, *, refunded: datetime) -> None:
    """Date the points of ``order`` (written when the order and its return were handled
    today) as they happened: earned when it was placed, spendable as long after delivery as
    the program says, taken back and credited when the return was refunded."""
    order.refresh_from_db(fields=["placed_at", "delivered_at"])
    earned = PointsEntry.objects.filter(order=order, kind=EntryKind.EARN).first()
    if earned is not None:
        available = earned.available_at
        if available is not None:
            available = order.delivered_at + (available - earned.created_at)
        PointsEntry.objects.filter(order=order).update(available_at=available)
        PointsEntry.objects.filter(pk=earned.pk).update(created_at=order.placed_at)
    PointsEntry.objects.filter(order=order, kind=EntryKind.REVERSE).update(created_at=refunded)
    PointsEntry.objects.filter(source=f"return:{request.rma}").update(created_at=refunded)


# ---------------------------------------------------------------------------- clicks

CLICKS = 320  # clicks that did not lead to an order of the product (or not yet)
ACCOUNT_CLICK_SHARE = 0.3
FOLLOWED_SHARE = 0.45  # of the items in customers' orders: reached through a suggestion
PLACE_WEIGHTS = {Place.PRODUCT: 7, Place.CART: 2, Place.CHECKOUT: 1}
CART_PLACES = (Place.CART, Place.CART, Place.CHECKOUT)
# How readily shoppers follow each source, and how readily that ends in an order.
SOURCE_WEIGHTS = {
    Source.PICK: 3.0,
    Source.CO_PURCHASE: 5.0,
    Source.CO_PREFERENCE: 3.0,
    Source.CATEGORY: 2.0,
    Source.BEST_SELLER: 1.5,
}
BUYING_WEIGHTS = {
    Source.PICK: 6.0,
    Source.CO_PURCHASE: 4.0,
    Source.CO_PREFERENCE: 3.0,
    Source.CATEGORY: 0.6,
    Source.BEST_SELLER: 0.4,
}


def _clicks(rng: random.Random, now: datetime) -> int:
    """Four months of clicks on suggestions, recorded by ``suggestion_click_record`` and then
    dated: guests' and customers' clicks spread over the period, and clicks of customers
    shortly before orders holding the product, which ``suggestion_clicks_attribute`` ties to
    those orders. Each click follows a suggestion the shop makes for a product (on its page,
    or in a cart or checkout holding it) from that source: any of the source's candidates,
    not only the few shown today, as the lists moved over four months."""
    if SuggestionClick.objects.filter(session_key__startswith=CLICK_SESSION_PREFIX).exists():
        return 0
    products = {product.pk: product for product in ProductPage.objects.live().order_by("path")}
    suggested = {
        product_id: {
            source: [c.product_id for c in listed if c.product_id in products]
            for source, listed in candidates_by_source(product_ids=[product_id], fallback=8).items()
        }
        for product_id in products
    }
    popularity = [product.sales_count + 10 for product in products.values()]
    accounts = list(
        get_user_model().objects.filter(username__startswith="demo-customer-").order_by("pk")
    )
    today = timezone.localdate(now)
    day_weights = [WEEKDAY_WEIGHTS[(today - timedelta(days=d)).weekday()] for d in range(DAYS)]
    clicks: list[tuple[SuggestionClick, datetime]] = []
    for _click in range(CLICKS):
        place = rng.choices(list(PLACE_WEIGHTS), weights=list(PLACE_WEIGHTS.values()))[0]
        from_id = rng.choices(list(products), weights=popularity)[0]
        sources = [source for source in SOURCE_WEIGHTS if suggested[from_id].get(source)]
        if not sources:
            continue
        source = rng.choices(sources, weights=[SOURCE_WEIGHTS[s] for s in sources])[0]
        listed = suggested[from_id][source]
        product_id = rng.choices(listed, weights=[1 / (rank + 1) for rank in range(len(listed))])[0]
        days_ago = rng.choices(range(DAYS), weights=day_weights)[0]
        when = min(_day_moment(rng, today - timedelta(days=days_ago)), now - timedelta(hours=1))
        user = rng.choice(accounts) if accounts and rng.random() < ACCOUNT_CLICK_SHARE else None
        click = suggestion_click_record(
            source=source,
            place=place,
            product=products[product_id],
            from_product_id=from_id if place == Place.PRODUCT else None,
            user=user,
            session_key="" if user else f"{CLICK_SESSION_PREFIX}{rng.getrandbits(112):028x}",
        )
        clicks.append((click, when))

    followed, orders = _followed_clicks(rng, now, products, suggested)
    clicks += followed
    for click, when in clicks:
        click.created_at = when
    SuggestionClick.objects.bulk_update([click for click, _when in clicks], ["created_at"])
    # Oldest first: a click belongs to the customer's first order after it.
    for order in orders:
        suggestion_clicks_attribute(order=order)
    return len(clicks)


def _followed_clicks(
    rng: random.Random,
    now: datetime,
    products: dict[int, ProductPage],
    suggested: dict[int, dict[str, list[int]]],
) -> tuple[list[tuple[SuggestionClick, datetime]], list[Order]]:
    """Clicks of customers on suggestions of products they then ordered (on the page of a
    product suggesting it, or in the cart or checkout with another item of the order), each
    with its date shortly before the order; and those orders, oldest first."""
    suggested_by: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for from_id, by_source in suggested.items():
        for source, listed in by_source.items():
            for rank, product_id in enumerate(listed):
                suggested_by[product_id].append((from_id, source, rank))
    since = now - timedelta(days=DAYS - 3)
    orders = (
        Order.objects.filter(user__isnull=False, placed_at__gte=since)
        .exclude(payment_method=REPLACEMENT_PAYMENT)
        .select_related("user")
        .prefetch_related("lines")
        .order_by("placed_at", "pk")
    )
    made, followed_orders = [], []
    for order in orders:
        bought = {line.product_id for line in order.lines.all()}
        for product_id in sorted(bought & set(products)):
            ways = suggested_by[product_id]
            if not ways or rng.random() >= FOLLOWED_SHARE:
                continue
            sources = sorted({source for _from, source, _rank in ways})
            source = rng.choices(sources, weights=[BUYING_WEIGHTS[s] for s in sources])[0]
            ways = [way for way in ways if way[1] == source]
            from_id, source, _rank = rng.choices(
                ways, weights=[1 / (rank + 1) for _from, _source, rank in ways]
            )[0]
            # Suggested by another item of the order: seen in the cart or at checkout.
            place = rng.choice(CART_PLACES) if from_id in bought else Place.PRODUCT
            click = suggestion_click_record(
                source=source,
                place=place,
                product=products[product_id],
                from_product_id=from_id if place == Place.PRODUCT else None,
                user=order.user,
            )
            before = timedelta(minutes=rng.randint(10, 4 * 24 * 60))
            made.append((click, max(order.placed_at - before, since)))
            if order not in followed_orders:
                followed_orders.append(order)
    return made, followed_orders
