"""Shop → Related products: editors see each product's picks and computed suggestions,
exclude a computed one or bring it back, and start a rebuild; others are kept out."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from storefront.related.models import RelatedExclusion, RelatedScore, Source
from storefront.related.selectors import related_for
from storefront.related.services import related_rebuild
from tests.admin_helpers import page
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def url(view, *args):
    return reverse(f"storefront_related_admin:{view}", args=args)


@pytest.fixture
def bought_together(shop, product_factory):
    """A tee bought with a cap three times and with a tote twice; the tote is also a pick."""
    tee, cap, tote = (product_factory(title=t, stock=50) for t in ("Tee", "Cap", "Tote"))
    for items in ([tee, cap], [tee, cap], [tee, cap, tote], [tee, tote]):
        make_order(shop=shop, items=[(p.variants.get(), 1) for p in items])
    related_rebuild()
    return tee, cap, tote


def staff(username, *permissions):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.is_staff = True
    user.save()
    group = Group.objects.create(name=f"{username}-group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in permissions:
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return user


@pytest.fixture
def editor(client):
    client.force_login(staff("merch", "manage_related"))
    return client


def test_the_product_screen_shows_computed_suggestions_with_scores(editor, bought_together):
    tee, _cap, _tote = bought_together

    response = editor.get(url("product", tee.pk))

    assert response.status_code == 200
    rows = page(response).select("table.related-computed tbody tr")
    assert [row.select("td")[1].get_text(strip=True) for row in rows] == ["Cap", "Tote"]
    shown = page(response).select("ol.related-shown li")
    assert [item.get_text(" ", strip=True).split(" (")[0] for item in shown[:2]] == ["Cap", "Tote"]


def test_an_editor_excludes_a_computed_suggestion_and_brings_it_back(editor, bought_together):
    tee, cap, _tote = bought_together

    response = editor.post(url("exclude", tee.pk, cap.pk))

    assert response.status_code == 302
    assert RelatedExclusion.objects.filter(product=tee, other=cap).exists()
    assert cap.pk not in [s.product.pk for s in related_for(product_ids=[tee.pk], place="product")]
    screen = editor.get(url("product", tee.pk))
    assert "Suggest again" in screen.content.decode()

    editor.post(url("include", tee.pk, cap.pk))

    assert not RelatedExclusion.objects.exists()
    assert related_for(product_ids=[tee.pk], place="product")[0].product == cap


def test_excluding_needs_a_post(editor, bought_together):
    tee, cap, _tote = bought_together

    assert editor.get(url("exclude", tee.pk, cap.pk)).status_code == 405
    assert not RelatedExclusion.objects.exists()


def test_the_index_lists_products_with_their_counts_and_rebuild_runs(editor, bought_together):
    tee, *_ = bought_together
    RelatedScore.objects.all().delete()

    listing = editor.get(url("index"))
    assert listing.status_code == 200
    assert "Tee" in listing.content.decode()

    response = editor.post(url("rebuild"))

    assert response.status_code == 302
    assert RelatedScore.objects.filter(product=tee, source=Source.CO_PURCHASE).count() == 2


def test_the_shop_menu_and_the_page_editor_link_the_screen(editor, client, bought_together):
    tee, *_ = bought_together

    assert url("index") in editor.get(reverse("wagtailadmin_home")).content.decode()

    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(admin)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[tee.pk]))
    assert url("product", tee.pk) in edit.content.decode()


def test_staff_without_the_permission_are_kept_out(client, bought_together):
    tee, cap, _tote = bought_together
    client.force_login(staff("clerk"))

    assert client.get(url("index")).status_code in (302, 403)
    assert client.get(url("product", tee.pk)).status_code in (302, 403)
    denied = client.post(url("exclude", tee.pk, cap.pk))

    assert denied.status_code in (302, 403)
    assert not RelatedExclusion.objects.exists()
    assert url("index") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_unknown_product_is_404(editor):
    assert editor.get(url("product", 999999)).status_code == 404
    assert editor.post(url("exclude", 999998, 999999)).status_code == 404


def test_guests_stop_seeing_an_excluded_suggestion_at_once(settings, editor, bought_together):
    from django.test import Client

    settings.STOREFRONT_PAGE_CACHE_SECONDS = 60
    tee, cap, _tote = bought_together
    guest = Client()
    assert "Cap" in guest.get(tee.url).content.decode()  # now cached for guests

    editor.post(url("exclude", tee.pk, cap.pk))

    assert ">Cap<" not in guest.get(tee.url).content.decode()
