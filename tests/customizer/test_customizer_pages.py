"""The customizer on the product page, without JavaScript: form fields, server preview,
saving, share links, and the design carried through cart, checkout, order and e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from storefront.customizer.models import Design, PreferenceDailyCount, PreferenceEvent
from storefront.orders.models import Order
from tests.factories import make_user


def form_data(customizable, **extra):
    variant = customizable.product.variants.get()
    return {
        "variant": variant.pk,
        "quantity": 1,
        "zone-body": customizable.navy.pk,
        "zone-collar": customizable.white.pk,
        "text": "AB",
        **extra,
    }


def test_the_product_page_offers_every_zone_with_named_swatches(client, customizable):
    response = client.get(customizable.product.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="zone-body"' in html and 'name="zone-collar"' in html
    assert ">Navy<" in html and ">Red<" in html
    assert 'name="pattern-body"' in html
    assert 'id="customizer-config"' in html
    assert reverse("storefront:customizer_preview", args=[customizable.product.pk]) in html


def test_choices_in_the_query_string_are_shown_with_their_price(client, customizable):
    response = client.get(
        customizable.product.url,
        {"zone-body": customizable.navy.pk, "pattern-body": customizable.stripes.pk, "text": "AB"},
    )

    html = response.content.decode()
    assert re.search(rf'value="{customizable.navy.pk}"\s+checked', html)
    assert "$27.50" in html  # 20.00 + 2.50 navy + 1.00 stripes + 4.00 text


def test_the_server_preview_redirects_to_a_rendered_png(client, customizable):
    url = reverse("storefront:customizer_preview", args=[customizable.product.pk])

    response = client.get(url, {"zone-body": customizable.navy.pk})

    assert response.status_code == 302
    assert response["Location"].endswith(".png")


def test_saving_a_design_gives_a_share_link_that_reopens_it(
    client, customizable, django_user_model
):
    user = django_user_model.objects.create_user("ada", "ada@example.com", "pw")
    client.force_login(user)

    response = client.post(
        reverse("storefront:design_save", args=[customizable.product.pk]), form_data(customizable)
    )

    design = Design.objects.get()
    assert response["Location"] == reverse("storefront:design_detail", args=[design.share_token])
    assert design.saved and design.owner == user
    shared = client.get(response["Location"])
    assert "Body" in shared.content.decode() and "Navy" in shared.content.decode()
    reopened = client.get(customizable.product.url, {"design": design.share_token})
    assert re.search(rf'value="{customizable.navy.pk}"\s+checked', reopened.content.decode())
    mine = client.get(reverse("storefront:my_designs"))
    assert design.preview_url in mine.content.decode()


def test_saving_a_design_counts_its_choices_as_saved_for_the_reports(client, customizable):
    """One event per zone and one for the text, in the daily rollup too (the funnel's and
    the preference report's "saved")."""
    user = make_user("saver")
    client.force_login(user)

    client.post(
        reverse("storefront:design_save", args=[customizable.product.pk]), form_data(customizable)
    )

    saved = PreferenceEvent.objects.filter(kind="saved")
    assert sorted((e.zone_key, e.swatch_id, e.text_used, e.user_id) for e in saved) == [
        ("", None, True, user.pk),
        ("body", customizable.navy.pk, False, user.pk),
        ("collar", customizable.white.pk, False, user.pk),
    ]
    assert (
        sum(PreferenceDailyCount.objects.filter(kind="saved").values_list("count", flat=True)) == 3
    )


def test_a_bad_choice_when_saving_stores_nothing_and_says_why(client, customizable):
    response = client.post(
        reverse("storefront:design_save", args=[customizable.product.pk]),
        form_data(customizable, text="TOO LONG"),
        follow=True,
    )

    assert "at most 3 characters" in response.content.decode()
    assert Design.objects.count() == 0


def test_adding_a_design_to_the_cart_carries_it_to_the_order_and_the_email(
    client, customizable, shop, django_capture_on_commit_callbacks
):
    client.post(reverse("storefront:cart_add"), form_data(customizable))
    cart_page = client.get(reverse("storefront:cart")).content.decode()
    design = Design.objects.get()
    assert design.preview_url in cart_page and "Body: Navy" in cart_page
    assert PreferenceEvent.objects.filter(kind="carted").count() == 3

    client.post(
        reverse("storefront:checkout"),
        {
            "email": "ada@example.com",
            "full_name": "Ada",
            "address_line1": "1 Road",
            "postal_code": "1",
            "city": "X",
            "country": "DE",
            "shipping_method": shop.pickup.pk,
            "payment_method": "bank_transfer",
        },
    )
    review = client.get(reverse("storefront:checkout_review")).content.decode()
    assert "Body: Navy" in review
    token = re.search(r'name="checkout_token" value="([^"]+)"', review).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("storefront:checkout_review"), {"checkout_token": token}, follow=True
        )

    order = Order.objects.get()
    line = order.lines.get()
    page = done.content.decode()
    assert line.design_preview_url in page and "Monogram: AB" in page
    assert "Body: Navy" in mail.outbox[-1].body
    assert line.design_preview_url in mail.outbox[-1].alternatives[0][0]
    assert PreferenceEvent.objects.filter(kind="ordered").count() == 3


@pytest.mark.parametrize("bad", [{"zone-body": "999999"}, {"text": "a$"}, {"pattern-collar": "1"}])
def test_bad_design_fields_when_adding_to_the_cart_add_nothing(client, customizable, bad):
    response = client.post(
        reverse("storefront:cart_add"), form_data(customizable, **bad), follow=True
    )

    assert response.status_code == 200
    assert Design.objects.count() == 0
    assert not client.get(reverse("storefront:cart")).context["summary"]


def test_the_customizable_product_page_runs_a_fixed_number_of_queries(
    client, customizable, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from storefront.customizer.models import Pattern, Swatch, SwatchTranslation, Zone
    from tests.customizer.conftest import mask, stored_image, stripes

    def count() -> int:
        client.get(customizable.product.url)  # warm up renditions
        with CaptureQueriesContext(connection) as captured:
            assert client.get(customizable.product.url).status_code == 200
        return len(captured)

    few = count()
    palette = customizable.template.zones.get(key="body").palette
    for n in range(6):
        swatch = Swatch.objects.create(name=f"Extra {n}", hex="#123456")
        SwatchTranslation.objects.create(swatch=swatch, language="fa", name=f"رنگ {n}")
        palette.swatches.add(swatch)
    palette.save()
    for n in range(3):
        zone = Zone.objects.create(
            template=customizable.template,
            key=f"extra{n}",
            label=f"Extra {n}",
            mask=stored_image(f"extra{n}", mask((0, 48 + n, 5, 49 + n))),
            palette=palette,
            default_swatch=customizable.red,
            sort_order=10 + n,
        )
        zone.patterns.set(
            [
                Pattern.objects.create(
                    name=f"P{n}", key=f"p{n}", tile=stored_image(f"t{n}", stripes())
                )
            ]
        )
        zone.save()

    assert count() == few
    # measured: product page 17 (with the points to earn) + customizer 7 + related products 4
    # (picks, computed partners, two best-seller lists: the shop has nothing else to suggest)
    with django_assert_max_num_queries(28):
        client.get(customizable.product.url)


def test_share_page_and_my_designs_run_a_fixed_number_of_queries(
    client, customizable, django_user_model, django_assert_max_num_queries
):
    from storefront.customizer.services import design_create

    user = django_user_model.objects.create_user("ada", "ada@example.com", "pw")
    client.force_login(user)
    first = design_create(product=customizable.product, choices={}, owner=user, saved=True)
    share = reverse("storefront:design_detail", args=[first.share_token])
    mine = reverse("storefront:my_designs")
    client.get(share)
    client.get(mine)
    with django_assert_max_num_queries(7):
        assert client.get(share).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(mine).status_code == 200

    for _ in range(5):
        design_create(product=customizable.product, choices={}, owner=user, saved=True)

    with django_assert_max_num_queries(7):
        assert client.get(mine).status_code == 200
