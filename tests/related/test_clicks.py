"""The suggestion link: it counts the click (source, place, from where, who) and sends the
shopper on to the product; broken links are refused, gone products are 404s, and clicks over
the rate limit still redirect but are not counted. A customer's click is tied to the first
later order that holds the product."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from storefront.related.models import Place, Source, SuggestionClick
from storefront.related.selectors import CLICK_SALT, related_for
from storefront.related.services import suggestion_clicks_attribute
from tests.factories import make_user
from tests.related.conftest import pick

pytestmark = pytest.mark.django_db


def link(product, place=Place.PRODUCT) -> str:
    """The first suggestion's click link for ``product``."""
    return related_for(product_ids=[product.pk], place=place)[0].click_url


@pytest.fixture
def tee(make):
    return make(title="Plain tee")


@pytest.fixture
def belt(make, tee):
    belt = make(title="Leather belt")
    pick(tee, belt, label="Goes well with")
    return belt


@pytest.fixture
def ada(db):
    return make_user("ada")


def test_a_click_redirects_to_the_suggested_product(client, tee, belt):
    response = client.get(link(tee))

    assert response.status_code == 302
    assert response["Location"] == belt.url


def test_a_click_is_counted_with_its_source_place_and_products(client, tee, belt):
    before = timezone.now()

    client.get(link(tee))

    click = SuggestionClick.objects.get()
    assert (click.source, click.place) == (Source.PICK, Place.PRODUCT)
    assert (click.from_product_id, click.product_id) == (tee.pk, belt.pk)
    assert click.user is None and click.order is None
    assert click.created_at >= before


def test_a_customers_click_is_counted_with_their_account(client, tee, belt, ada):
    client.force_login(ada)

    client.get(link(tee))

    click = SuggestionClick.objects.get()
    assert click.user == ada
    assert click.session_key == ""


def test_a_guests_click_is_counted_with_their_session(client, tee, belt):
    client.get(tee.url)  # the page view starts no session; give the guest one
    session = client.session
    session["seen"] = True
    session.save()

    client.get(link(tee))

    assert SuggestionClick.objects.get().session_key == client.session.session_key


def test_a_checkout_click_is_counted_as_checkout(client, tee, belt):
    client.get(link(tee, Place.CHECKOUT))

    click = SuggestionClick.objects.get()
    assert (click.place, click.from_product_id) == (Place.CHECKOUT, None)


def test_a_tampered_link_is_refused_and_counts_nothing(client, tee, belt):
    url = link(tee)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    tampered = reverse("storefront:related_click", args=[token[:-2] + "xx"])

    response = client.get(tampered)

    assert response.status_code == 400
    assert "This suggestion link is broken" in response.content.decode()
    assert not SuggestionClick.objects.exists()


def test_a_link_signed_for_something_else_is_refused(client, tee, belt):
    token = signing.dumps([tee.pk, belt.pk, Source.PICK, Place.PRODUCT], salt="other.salt")

    response = client.get(reverse("storefront:related_click", args=[token]))

    assert response.status_code == 400
    assert not SuggestionClick.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        ["x", "y"],
        [0, 1, "made_up", "product"],
        [0, 1, "pick", "basket"],
        [0, "abc", "pick", "cart"],
    ],
)
def test_a_signed_link_with_a_bad_payload_is_refused(client, payload):
    token = signing.dumps(payload, salt=CLICK_SALT)

    response = client.get(reverse("storefront:related_click", args=[token]))

    assert response.status_code == 400
    assert not SuggestionClick.objects.exists()


def test_a_link_to_an_unpublished_product_is_not_found(client, tee, belt):
    url = link(tee)
    belt.unpublish()

    response = client.get(url)

    assert response.status_code == 404
    assert not SuggestionClick.objects.exists()


def test_the_link_only_answers_get(client, tee, belt):
    assert client.post(link(tee)).status_code == 405
    assert not SuggestionClick.objects.exists()


def test_clicks_over_the_rate_limit_still_redirect_but_are_not_counted(client, settings, tee, belt):
    settings.STOREFRONT_RATE_RELATED_CLICK = "2/m"
    url = link(tee)

    responses = [client.get(url) for _ in range(3)]

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert {response["Location"] for response in responses} == {belt.url}
    assert SuggestionClick.objects.count() == 2


# ---------------------------------------------------------------------------- attribution


def test_a_customers_click_is_tied_to_their_later_order(client, ada, tee, belt, buy):
    client.force_login(ada)
    client.get(link(tee))

    order = buy(tee, belt, user=ada)

    assert SuggestionClick.objects.get().order == order


def test_a_click_is_not_tied_to_an_order_without_the_product(client, ada, tee, belt, buy):
    client.force_login(ada)
    client.get(link(tee))

    buy(tee, user=ada)

    assert SuggestionClick.objects.get().order is None


def test_a_click_is_not_tied_to_another_customers_order(client, ada, tee, belt, buy):
    client.force_login(ada)
    client.get(link(tee))

    buy(belt, user=make_user("bob"))

    assert SuggestionClick.objects.get().order is None


def test_a_guests_click_is_not_tied_to_a_guest_order(client, tee, belt, buy):
    client.get(link(tee))

    buy(belt)

    assert SuggestionClick.objects.get().order is None


def test_a_click_is_tied_to_the_first_later_order_only(client, ada, tee, belt, buy):
    client.force_login(ada)
    client.get(link(tee))

    first = buy(belt, user=ada)
    buy(belt, user=ada)

    assert SuggestionClick.objects.get().order == first


def test_a_click_older_than_the_attribution_window_is_not_tied(
    client, settings, ada, tee, belt, buy
):
    settings.STOREFRONT_RELATED_ATTRIBUTION_DAYS = 30
    client.force_login(ada)
    client.get(link(tee))
    client.get(link(tee))
    old, recent = SuggestionClick.objects.order_by("pk")
    SuggestionClick.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    SuggestionClick.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - timedelta(days=29)
    )

    order = buy(belt, user=ada)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.order is None
    assert recent.order == order


def test_attributing_returns_how_many_clicks_were_tied(client, ada, tee, belt, buy):
    client.force_login(ada)
    client.get(link(tee))
    client.get(link(tee))
    order = buy(belt, user=ada)
    SuggestionClick.objects.update(order=None)

    assert suggestion_clicks_attribute(order=order) == 2
    assert suggestion_clicks_attribute(order=order) == 0


def test_a_click_from_a_deleted_product_page_is_counted_without_its_origin(client, tee, belt):
    url = link(tee)
    tee.delete()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == belt.url
    click = SuggestionClick.objects.get()
    assert (click.from_product_id, click.product_id) == (None, belt.pk)
