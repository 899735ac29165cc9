"""Editors manage swatches, palettes, patterns and templates, and preview a template."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.com", "pw"))
    return client


def test_the_template_preview_renders_the_defaults(customizable):
    request = RequestFactory().get("/")

    response = customizable.template.serve_preview(request, "").render()

    html = response.content.decode()
    assert 'src="data:image/png;base64,' in html
    assert "<dt>Body</dt><dd>Red</dd>" in html


def test_a_template_without_zones_yet_previews_its_base_image(customizable):
    customizable.template.zones.all().delete()
    request = RequestFactory().get("/")

    html = customizable.template.serve_preview(request, "").render().content.decode()

    assert 'src="data:image/png;base64,' in html
    assert "<dt>" not in html


@pytest.mark.parametrize("model", ["swatch", "palette", "pattern", "customizationtemplate"])
def test_editors_reach_the_customizer_snippets(editor, customizable, model):
    url = reverse(f"wagtailsnippets_storefront_customizer_{model}:list")

    assert editor.get(url).status_code == 200


def test_the_template_edit_page_offers_a_preview(editor, customizable):
    url = reverse(
        "wagtailsnippets_storefront_customizer_customizationtemplate:edit",
        args=[customizable.template.pk],
    )

    response = editor.get(url)

    assert response.status_code == 200
    assert "preview" in response.content.decode().lower()


def test_a_swatch_colour_must_be_hex(editor, customizable):
    url = reverse("wagtailsnippets_storefront_customizer_swatch:add")
    response = editor.post(
        url,
        {
            "name": "Bad",
            "hex": "red",
            "price_delta": "0",
            "active": "on",
            "sort_order": "0",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0",
            "translations-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert "six hex digits" in response.content.decode()
