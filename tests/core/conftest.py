"""Privacy fixtures: two customers with a bit of everything the shop keeps about a person, and
a scan of every table for what could still point to one of them."""

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from storefront.core.services import marketing_consent_set
from storefront.core.uploads import image_upload_clean
from storefront.customizer.models import Design
from storefront.customizer.services import EventIn, design_create, preference_events_record
from storefront.loyalty.services import points_bonus, points_mature
from storefront.orders.models import Cart, Order
from storefront.orders.services import cart_add
from storefront.related.services import suggestion_click_record
from storefront.returns.models import ReturnReason, ReturnRequest
from storefront.returns.services import (
    LineChoice,
    return_approve,
    return_receive,
    return_refund,
    return_request_open,
)
from storefront.reviews.models import ProductReview, ReviewRequest
from storefront.reviews.services import (
    review_flag,
    review_requests_opt_out,
    review_submit,
    review_vote,
)
from tests.customizer.conftest import customizable  # noqa: F401 - a fixture
from tests.factories import deliver, make_order, make_user
from tests.loyalty.conftest import program  # noqa: F401 - a fixture

PASSWORD = "pass-1234-word"
REVIEW_TEXT = "The colours came out exactly as I chose them, and the fabric is soft."


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#2e86de").save(buffer, format="PNG")
    return image_upload_clean(SimpleUploadedFile("photo.png", buffer.getvalue()), name="review")


@dataclass
class Person:
    """What a customer typed about themselves, each value unlike anything else in the shop."""

    username: str
    email: str
    first_name: str
    last_name: str
    phone: str
    address_line1: str
    address_line2: str
    city: str
    postal_code: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def texts(self) -> list[str]:
        return [
            self.username,
            self.email,
            self.first_name,
            self.last_name,
            self.full_name,
            self.phone,
            self.address_line1,
            self.address_line2,
            self.city,
            self.postal_code,
        ]


PAT = Person(
    username="privacy_pat",
    email="pat.quintero@example.org",
    first_name="Patricia",
    last_name="Quintero-Whitlock",
    phone="+44 7700 900123",
    address_line1="42 Wallaby Way",
    address_line2="Flat 7b",
    city="Wallabyville",
    postal_code="NW1 6XE",
)
OLGA = Person(
    username="olga_other",
    email="olga.bergstrand@example.net",
    first_name="Olga",
    last_name="Bergstrand",
    phone="+46 70 123 45 67",
    address_line1="9 Fjord Road",
    address_line2="",
    city="Lindholmen",
    postal_code="41756",
)


@dataclass
class Customer:
    person: Person
    user: object
    tee_order: Order  # with a design, delivered
    mug_order: Order  # partly paid with points, delivered, one mug returned and refunded
    late_order: Order | None  # delivered last: its points are still pending
    ordered_design: Design
    saved_design: Design  # saved, never ordered
    review: ProductReview
    return_request: ReturnRequest
    extra: dict = field(default_factory=dict)


@pytest.fixture
def catalogue(customizable, product_factory, program):  # noqa: F811 - fixtures
    program.signup_bonus = 0
    program.save()
    mug = product_factory(title="Enamel mug", price="15.00", stock=50)
    return {"tee": customizable, "mug": mug, "program": program}


def build_customer(shop, catalogue, person: Person, *, staff) -> Customer:
    custom = catalogue["tee"]
    tee_variant = custom.product.variants.get()
    mug_variant = catalogue["mug"].variants.get()
    user = make_user(
        person.username,
        password=PASSWORD,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    marketing_consent_set(user=user, consented=True)
    address = {
        "full_name": person.full_name,
        "address_line1": person.address_line1,
        "city": person.city,
        "postal_code": person.postal_code,
    }
    preference_events_record(
        product=custom.product,
        events=[
            EventIn(kind="viewed"),
            EventIn(kind="selected", zone="body", swatch=custom.navy.pk),
            EventIn(kind="selected", zone="collar", swatch=custom.white.pk),
        ],
        user=user,
    )
    ordered_design = design_create(
        product=custom.product,
        choices={"body": {"swatch": custom.navy.pk}},
        text="PQ",
        owner=user,
        saved=True,
    )
    saved_design = design_create(
        product=custom.product,
        choices={"body": {"swatch": custom.red.pk}},
        owner=user,
        saved=True,
    )
    points_bonus(user=user, points=500, source="test-welcome", reason="Welcome")
    tee_order = deliver(
        make_order(shop=shop, items=[(tee_variant, 1)], user=user, design=ordered_design, **address)
    )
    mug_order = deliver(
        make_order(shop=shop, items=[(mug_variant, 2)], user=user, points=100, **address)
    )
    Order.objects.filter(user=user).update(phone=person.phone, address_line2=person.address_line2)

    review = review_submit(
        product=custom.product,
        rating=5,
        title="Just as designed",
        text=REVIEW_TEXT,
        name=person.full_name,
        user=user,
        photos=[photo()],
        ip_address="203.0.113.7",
        followup=True,
    )
    ReviewRequest.objects.create(order=tee_order, email=tee_order.email, sent_at=timezone.now())
    review_requests_opt_out(email=person.email)

    request = return_request_open(
        order=mug_order,
        choices=[
            LineChoice(
                order_line=mug_order.lines.get(),
                quantity=1,
                reason=ReturnReason.objects.get(code="doesnt_fit"),
            )
        ],
        outcome="refund",
        note=f"Please call {person.full_name} on {person.phone} before collecting.",
        actor=user,
    )
    return_approve(request=request, actor=staff)
    return_receive(request=request, actor=staff, conditions={request.lines.get().pk: "sellable"})
    request = return_refund(request=request, actor=staff)

    suggestion_click_record(
        source="pick", place="product", product=catalogue["mug"], from_product_id=None, user=user
    )
    return Customer(
        person=person,
        user=user,
        tee_order=tee_order,
        mug_order=mug_order,
        late_order=None,
        ordered_design=ordered_design,
        saved_design=saved_design,
        review=review,
        return_request=request,
    )


@pytest.fixture
def customers(shop, catalogue, django_capture_on_commit_callbacks):
    """Pat and Olga: orders (one with a design), points earned, spent and pending, a review
    with a photo, votes and a removal request on each other's review, a refunded return, a
    cart, preference events, consent. Olga has Pat's shared design in her cart."""
    staff = make_user("staff_member", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        pat = build_customer(shop, catalogue, PAT, staff=staff)
        olga = build_customer(shop, catalogue, OLGA, staff=staff)
        points_mature(now=timezone.now() + timedelta(days=60))
        mug_variant = catalogue["mug"].variants.get()
        for customer in (pat, olga):
            customer.late_order = deliver(
                make_order(
                    shop=shop,
                    items=[(mug_variant, 1)],
                    user=customer.user,
                    full_name=customer.person.full_name,
                    address_line1=customer.person.address_line1,
                    city=customer.person.city,
                    postal_code=customer.person.postal_code,
                )
            )
            cart_add(
                cart=Cart.objects.get(user=customer.user), variant_id=mug_variant.pk, quantity=1
            )
        review_vote(review=olga.review, user=pat.user, helpful=True)
        review_flag(review=olga.review, user=pat.user, reason="other", note="Not helpful at all")
        review_vote(review=pat.review, user=olga.user, helpful=True)
        shared = design_create(
            product=catalogue["tee"].product,
            choices={"body": {"swatch": catalogue["tee"].white.pk}},
            owner=pat.user,
            saved=True,
        )
        cart_add(
            cart=Cart.objects.get(user=olga.user),
            variant_id=catalogue["tee"].product.variants.get().pk,
            quantity=1,
            design=shared,
        )
    pat.extra["shared_design"] = shared
    return pat, olga


# ---------------------------------------------------------------------------- the scan


def _scanned_models():
    for app in apps.get_app_configs():
        if app.name.startswith("storefront.") or app.label in (
            "django_comments",
            "django_comments_xtd",
        ):
            for model in app.get_models():
                if model._meta.managed:
                    yield model


def personal_traces(person: Person, user_pk: int) -> list[tuple[str, str, str]]:
    """Every (model, field, what) in the storefront apps' and the comments apps' tables that
    holds one of ``person``'s texts (any case) or points to their user row, by foreign key
    or by a "user:<id>" key."""
    user_model = get_user_model()
    patterns = [re.compile(re.escape(text), re.IGNORECASE) for text in person.texts() if text]
    patterns.append(re.compile(rf"\buser:{user_pk}\b"))
    found = []
    for model in _scanned_models():
        fields = model._meta.concrete_fields
        for row in model._base_manager.values_list(*[f.attname for f in fields]):
            for model_field, value in zip(fields, row, strict=True):
                label = (model._meta.label, model_field.name)
                if model_field.is_relation and model_field.related_model is user_model:
                    if value == user_pk:
                        found.append((*label, "user id"))
                    continue
                if value is None or isinstance(
                    value, bool | int | float | Decimal | date | datetime | UUID
                ):
                    continue
                text = value if isinstance(value, str) else json.dumps(value, default=str)
                found.extend((*label, p.pattern) for p in patterns if p.search(text))
    return found
