"""The customizer's JSON API: template detail, designs by share token, previews, events."""

from decimal import Decimal

import pytest
from django.test import Client

from storefront.customizer.models import Design, PreferenceDailyCount, PreferenceEvent

API = "/api/storefront"


def test_template_detail_lists_zones_swatches_patterns_and_text_rules(client, customizable):
    response = client.get(f"{API}/templates/{customizable.template.pk}")

    assert response.status_code == 200
    body = response.json()
    assert (body["width"], body["height"]) == (64, 64)
    assert [zone["key"] for zone in body["zones"]] == ["body", "collar"]
    body_zone = body["zones"][0]
    assert {s["name"] for s in body_zone["swatches"]} == {"Red", "Navy", "White"}
    assert body_zone["patterns"][0]["key"] == "stripes"
    assert body_zone["mask"].endswith(".png")
    assert body["text"]["max_length"] == 3
    assert Decimal(body["text"]["price_delta"]) == Decimal("4")


def test_unknown_template_is_404(client, customizable):
    assert client.get(f"{API}/templates/999999").status_code == 404


def test_a_design_is_created_priced_on_the_server_and_reopened_by_its_link(client, customizable):
    response = client.post(
        f"{API}/designs",
        {
            "product_id": customizable.product.pk,
            "zones": {"body": {"swatch": customizable.navy.pk}},
            "text": "AB",
            "save": True,
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    created = response.json()
    assert Decimal(created["price"]) == Decimal("20.00") + Decimal("2.50") + Decimal("4")
    assert created["description"][0] == {"zone": "Body", "choice": "Navy"}

    reopened = Client().get(f"{API}/designs/{created['share_token']}")
    assert reopened.status_code == 200
    assert reopened.json()["zones"] == created["zones"]
    assert reopened.json()["text"] == "AB"


def test_a_price_sent_by_the_client_is_refused_and_nothing_is_saved(client, customizable):
    response = client.post(
        f"{API}/designs",
        {"product_id": customizable.product.pk, "zones": {}, "price": "0.01"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "price" in str(response.json()["detail"])
    assert Design.objects.count() == 0


@pytest.mark.parametrize(
    ("zones", "text", "field"),
    [
        ({"sleeves": {"swatch": 1}}, "", "zones.sleeves"),
        ({}, "TOOLONG", "text"),
        ({}, "a1", "text"),
    ],
)
def test_a_bad_design_is_refused_with_the_field_named(client, customizable, zones, text, field):
    response = client.post(
        f"{API}/designs",
        {"product_id": customizable.product.pk, "zones": zones, "text": text},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{field}:")
    assert Design.objects.count() == 0


def test_a_swatch_outside_the_palette_is_refused(client, customizable):
    response = client.post(
        f"{API}/designs",
        {
            "product_id": customizable.product.pk,
            "zones": {"body": {"swatch": customizable.gold.pk}},
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "zones.body.swatch" in response.json()["detail"]


def test_a_product_that_is_not_customizable_is_404(client, product_factory):
    response = client.post(
        f"{API}/designs", {"product_id": product_factory().pk}, content_type="application/json"
    )

    assert response.status_code == 404


def test_the_preview_redirects_to_the_rendered_image(client, customizable):
    created = client.post(
        f"{API}/designs", {"product_id": customizable.product.pk}, content_type="application/json"
    ).json()

    assert created["preview"].endswith(".png")
    response = client.get(f"{API}/designs/{created['share_token']}/preview")

    assert response.status_code == 302
    assert response["Location"] == created["preview"]
    assert client.get(f"{API}/designs/nope/preview").status_code == 404


def test_an_event_batch_is_stored_and_counted(client, customizable):
    events = [
        {"kind": "viewed"},
        {"kind": "selected", "zone": "body", "swatch": customizable.navy.pk},
        {"kind": "selected", "zone": "body", "swatch": customizable.navy.pk},
        {
            "kind": "selected",
            "zone": "body",
            "swatch": customizable.red.pk,
            "pattern": customizable.stripes.pk,
        },
    ]
    response = client.post(
        f"{API}/events",
        {"product_id": customizable.product.pk, "visitor_id": "v-123", "events": events},
        content_type="application/json",
    )

    assert response.status_code == 202
    assert response.json() == {"stored": 4}
    assert PreferenceEvent.objects.filter(visitor_id="v-123").count() == 4
    navy = PreferenceDailyCount.objects.get(swatch=customizable.navy, kind="selected")
    assert navy.count == 2


@pytest.mark.parametrize(
    "bad_event",
    [
        {"kind": "ordered", "zone": "body"},  # the server records carted and ordered itself
        {"kind": "saved"},  # and saved, when a design is saved
        {"kind": "selected", "zone": "sleeves"},
        {"kind": "selected", "zone": "collar", "swatch": 999999},
        {"kind": "selected", "swatch": 1},
        {"kind": "selected", "zone": "collar", "pattern": 1},
    ],
)
def test_one_bad_event_refuses_the_whole_batch(client, customizable, bad_event):
    good = {"kind": "selected", "zone": "body", "swatch": customizable.navy.pk}
    response = client.post(
        f"{API}/events",
        {"product_id": customizable.product.pk, "events": [good, bad_event]},
        content_type="application/json",
    )

    assert response.status_code in (400, 422)
    assert PreferenceEvent.objects.count() == 0
    assert PreferenceDailyCount.objects.count() == 0


def test_events_are_rate_limited_per_visitor(client, customizable, settings):
    settings.STOREFRONT_RATE_EVENTS = "2/m"
    batch = {
        "product_id": customizable.product.pk,
        "visitor_id": "v-9",
        "events": [{"kind": "viewed"}],
    }

    statuses = [
        client.post(f"{API}/events", batch, content_type="application/json").status_code
        for _ in range(3)
    ]
    other_visitor = client.post(
        f"{API}/events", {**batch, "visitor_id": "v-10"}, content_type="application/json"
    )

    assert statuses == [202, 202, 429]
    assert other_visitor.status_code == 202
