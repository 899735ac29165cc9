"""The shop in the Wagtail admin: orders and their workflow, inventory, snippets, settings."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from storefront.core.models import ShopSettings
from storefront.orders.models import Order, OrderEvent, OrderStatus, ShippingMethod
from storefront.products.models import Category, StockRecord
from tests.admin_helpers import assert_permission_denied, page
from tests.factories import make_order

pytestmark = pytest.mark.django_db

ORDERS_URL = "/admin/orders/"
INVENTORY_URL = "/admin/inventory/"


def listed_order_numbers(response) -> set[str]:
    numbers = {order.number for order in Order.objects.all()}
    return {number for number in numbers if number in response.content.decode()}


def admin_messages(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    return page(response).select_one(".messages").get_text(" ", strip=True)


def inspect_url(order) -> str:
    return f"/admin/orders/inspect/{order.pk}/"


def transition_url(order) -> str:
    return reverse("storefront_orders_admin:transition", args=[order.pk])


@pytest.fixture
def tee(product_factory):
    return product_factory(title="Blue tee", price="25.00", stock=50).variants.get()


@pytest.fixture
def order(shop, tee):
    """A guest's order of 2 tees (50.00 + 4.90 shipping), to be paid by bank transfer."""
    return make_order(shop=shop, items=[(tee, 2)])


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="boss", email="boss@example.com", password="pass-1234-word"
    )


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def clerk(client, db):
    """A staff member with admin access who may see orders but not move them."""
    user = get_user_model().objects.create_user(username="clerk", password="pass-1234-word")
    group = Group.objects.create(name="Order viewers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="storefront_orders", codename="view_order"),
        Permission.objects.get(
            content_type__app_label="storefront_orders", codename="change_order"
        ),
    )
    user.groups.add(group)
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------- order list


def test_the_orders_list_shows_orders(admin, shop, tee):
    first = make_order(shop=shop, items=[(tee, 1)], email="ada@example.com")
    second = make_order(shop=shop, items=[(tee, 1)], email="grace@example.com")

    response = admin.get(ORDERS_URL)

    assert response.status_code == 200
    assert listed_order_numbers(response) == {first.number, second.number}
    assert "grace@example.com" in response.content.decode()


def test_the_orders_list_filters_by_status(admin, shop, tee):
    placed = make_order(shop=shop, items=[(tee, 1)])
    paid = make_order(shop=shop, items=[(tee, 1)])
    Order.objects.filter(pk=paid.pk).update(status=OrderStatus.PAID)

    response = admin.get(ORDERS_URL, {"status": "paid"})

    assert listed_order_numbers(response) == {paid.number}
    assert placed.number not in response.content.decode()


def test_the_orders_list_filters_by_placed_date(admin, shop, tee):
    january, february, march = (make_order(shop=shop, items=[(tee, 1)]) for _ in range(3))
    for order, month in [(january, 1), (february, 2), (march, 3)]:
        placed_at = timezone.make_aware(datetime(2025, month, 15, 12))
        Order.objects.filter(pk=order.pk).update(placed_at=placed_at)

    response = admin.get(ORDERS_URL, {"placed_at_from": "2025-02-01", "placed_at_to": "2025-02-28"})

    assert listed_order_numbers(response) == {february.number}


def test_the_orders_list_finds_an_order_by_number(admin, shop, tee):
    wanted = make_order(shop=shop, items=[(tee, 1)])
    make_order(shop=shop, items=[(tee, 1)])

    response = admin.get(ORDERS_URL, {"q": wanted.number})

    assert listed_order_numbers(response) == {wanted.number}


def test_the_orders_list_finds_orders_by_email(admin, shop, tee):
    make_order(shop=shop, items=[(tee, 1)], email="ada@example.com")
    graces = make_order(shop=shop, items=[(tee, 1)], email="grace@example.com")

    response = admin.get(ORDERS_URL, {"q": "grace@example"})

    assert listed_order_numbers(response) == {graces.number}


def test_the_orders_list_needs_admin_access(client, order):
    response = client.get(ORDERS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


# ---------------------------------------------------------------------------- inspecting


def test_the_order_page_shows_lines_totals_address_and_history(admin, order, tee):
    response = admin.get(inspect_url(order))

    assert response.status_code == 200
    soup = page(response)
    text = soup.get_text(" ", strip=True)
    assert f"Blue tee – M {tee.sku} $25.00 2 $50.00" in text
    assert "Goods $50.00" in text
    assert "Shipping (Standard) $4.90" in text
    assert "Total $54.90" in text
    assert "Bank transfer" in text
    assert soup.find("address").get_text().splitlines() == [
        "Ada Lovelace",
        "12 Analytical Street",
        "10115 Berlin",
        "DE",
    ]
    assert "ada@example.com" in text
    history_table = soup.find("h2", string="History").find_next("table")
    assert [row.find_all("td")[1].get_text(strip=True) for row in history_table.tbody("tr")] == [
        "Placed"
    ]


def test_the_order_page_offers_the_allowed_transitions(admin, order):
    response = admin.get(inspect_url(order))

    form = page(response).find("form", attrs={"action": transition_url(order)})
    buttons = {button["value"]: button.get_text(strip=True) for button in form.find_all("button")}
    assert buttons == {"paid": "Mark Paid", "cancelled": "Mark Cancelled"}


def test_the_order_page_of_a_pay_on_delivery_order_may_ship_unpaid(admin, shop, tee):
    order = make_order(shop=shop, items=[(tee, 1)], payment_method="pay_on_delivery")

    response = admin.get(inspect_url(order))

    form = page(response).find("form", attrs={"action": transition_url(order)})
    assert {button["value"] for button in form.find_all("button")} == {
        "paid",
        "shipped",
        "cancelled",
    }


def test_the_order_page_of_a_closed_order_offers_no_transitions(admin, order):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.COMPLETED)

    response = admin.get(inspect_url(order))

    assert page(response).find("form", attrs={"action": transition_url(order)}) is None
    assert "This order is closed; no further changes." in page(response).get_text()


# ---------------------------------------------------------------------------- transitions


def test_a_transition_moves_the_order_and_records_who_did_it(
    admin, admin_user, order, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(transition_url(order), {"to_status": "paid", "note": "Money in"})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(order)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    event = order.events.latest("created_at", "pk")
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        "placed",
        "paid",
        admin_user,
        "Money in",
    )


def test_a_transition_emails_the_customer(admin, order, django_capture_on_commit_callbacks):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(transition_url(order), {"to_status": "paid"})

    [email] = mail.outbox
    assert email.to == ["ada@example.com"]
    assert email.subject == f"Test shop: We received your payment for order {order.number}"


def test_a_transition_says_so_and_shows_in_the_history(admin, order):
    response = admin.post(transition_url(order), {"to_status": "paid"}, follow=True)

    text = page(response).get_text(" ", strip=True)
    assert f"Order {order.number} is now paid; the customer was e-mailed." in text
    assert "Placed → Paid" in text
    assert "boss" in text


def test_cancelling_puts_the_items_back_in_stock(admin, order, tee):
    assert StockRecord.objects.get(variant=tee).quantity == 48

    admin.post(transition_url(order), {"to_status": "cancelled"})

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert StockRecord.objects.get(variant=tee).quantity == 50


def test_a_disallowed_transition_changes_nothing(admin, order, django_capture_on_commit_callbacks):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(transition_url(order), {"to_status": "delivered"}, follow=True)

    assert "An order that is placed cannot be marked delivered." in page(response).get_text()
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert order.events.count() == 1
    assert mail.outbox == []


def test_an_unknown_status_changes_nothing(admin, order):
    admin.post(transition_url(order), {"to_status": "refunded"})

    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert order.events.count() == 1


def test_a_transition_needs_a_post(admin, order):
    response = admin.get(transition_url(order), {"to_status": "paid"})

    assert response.status_code == 405
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


def test_a_transition_of_an_unknown_order_is_not_found(admin, shop):
    response = admin.post(
        reverse("storefront_orders_admin:transition", args=[999999]), {"to_status": "paid"}
    )

    assert response.status_code == 404


def test_staff_without_the_transition_permission_cannot_move_orders(clerk, order):
    response = clerk.post(transition_url(order), {"to_status": "paid"})

    assert_permission_denied(response)
    assert "Sorry, you do not have permission to access this area." in admin_messages(clerk)
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert order.events.count() == 1


def test_a_scripted_transition_without_the_permission_is_forbidden(clerk, order):
    response = clerk.post(
        transition_url(order), {"to_status": "paid"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


def test_staff_without_the_transition_permission_see_no_transition_buttons(clerk, order):
    response = clerk.get(inspect_url(order))

    assert response.status_code == 200
    assert page(response).find("form", attrs={"action": transition_url(order)}) is None


def test_staff_with_the_transition_permission_can_move_orders(clerk, order):
    user = get_user_model().objects.get(username="clerk")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="storefront_orders", codename="transition_order"
        )
    )

    clerk.post(transition_url(order), {"to_status": "paid"})

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.events.latest("created_at", "pk").actor == user


def test_a_transition_needs_admin_access(client, order):
    response = client.post(transition_url(order), {"to_status": "paid"})

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


# ---------------------------------------------------------------------------- no add, no delete


def test_orders_cannot_be_added_in_the_admin(admin, shop):
    shown = admin.get("/admin/orders/new/")
    posted = admin.post("/admin/orders/new/", {"email": "x@example.com", "phone": ""})

    assert_permission_denied(shown)
    assert_permission_denied(posted)
    assert Order.objects.count() == 0
    assert "/admin/orders/new/" not in admin.get(ORDERS_URL).content.decode()


def test_orders_cannot_be_deleted_in_the_admin(admin, order):
    shown = admin.get(f"/admin/orders/delete/{order.pk}/")
    posted = admin.post(f"/admin/orders/delete/{order.pk}/")

    assert_permission_denied(shown)
    assert_permission_denied(posted)
    assert Order.objects.filter(pk=order.pk).exists()
    assert OrderEvent.objects.filter(order=order).exists()


# ---------------------------------------------------------------------------- inventory


def test_inventory_lists_stock_records(admin, product_factory):
    tee = product_factory(title="Blue tee", stock=7).variants.get()
    mug = product_factory(title="Mug", stock=0).variants.get()

    response = admin.get(INVENTORY_URL)

    assert response.status_code == 200
    text = page(response).get_text(" ", strip=True)
    assert tee.sku in text
    assert mug.sku in text


def test_inventory_filters_out_of_stock(admin, product_factory):
    tee = product_factory(title="Blue tee", stock=7).variants.get()
    mug = product_factory(title="Mug", stock=0).variants.get()

    response = admin.get(INVENTORY_URL, {"state": "out"})

    text = page(response).get_text(" ", strip=True)
    assert mug.sku in text
    assert tee.sku not in text


def test_editing_a_stock_record_sets_the_quantity(admin, tee):
    response = admin.post(f"{INVENTORY_URL}edit/{tee.pk}/", {"quantity": "7"})

    assert response.status_code == 302
    assert StockRecord.objects.get(variant=tee).quantity == 7


def test_editing_a_stock_record_goes_through_stock_set(admin, tee, monkeypatch):
    from storefront.products import viewsets

    calls = []
    real = viewsets.stock_set

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(viewsets, "stock_set", spy)

    admin.post(f"{INVENTORY_URL}edit/{tee.pk}/", {"quantity": "3"})

    assert calls == [{"variant": tee, "quantity": 3}]


def test_a_negative_stock_quantity_is_refused(admin, tee):
    response = admin.post(f"{INVENTORY_URL}edit/{tee.pk}/", {"quantity": "-1"})

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in page(response).get_text()
    assert StockRecord.objects.get(variant=tee).quantity == 50


def test_stock_records_cannot_be_added_or_deleted_in_the_admin(admin, tee):
    added = admin.get(f"{INVENTORY_URL}new/")
    deleted = admin.post(f"{INVENTORY_URL}delete/{tee.pk}/")

    assert_permission_denied(added)
    assert_permission_denied(deleted)
    assert StockRecord.objects.filter(variant=tee).exists()


# ---------------------------------------------------------------------------- snippets


def test_a_shipping_method_can_be_created(admin, shop):
    url = reverse("wagtailsnippets_storefront_orders_shippingmethod:add")

    response = admin.post(
        url,
        {
            "name": "Courier",
            "description": "Same day",
            "price": "19.00",
            "free_over": "",
            "active": "on",
            "sort_order": "4",
        },
    )

    assert response.status_code == 302
    courier = ShippingMethod.objects.get(name="Courier")
    assert (courier.price, courier.free_over, courier.active) == (Decimal("19.00"), None, True)


def test_a_shipping_method_with_a_negative_price_is_refused(admin, shop):
    url = reverse("wagtailsnippets_storefront_orders_shippingmethod:add")

    response = admin.post(url, {"name": "Courier", "price": "-1", "sort_order": "4"})

    assert response.status_code == 200
    assert not ShippingMethod.objects.filter(name="Courier").exists()


def test_shipping_methods_are_listed(admin, shop):
    response = admin.get(reverse("wagtailsnippets_storefront_orders_shippingmethod:list"))

    text = page(response).get_text(" ", strip=True)
    assert all(name in text for name in ("Standard", "Express", "Pickup"))


def test_a_category_can_be_created(admin, shop):
    url = reverse("wagtailsnippets_storefront_products_category:add")

    response = admin.post(
        url, {"name": "Kitchen", "slug": "kitchen", "description": "", "sort_order": "3"}
    )

    assert response.status_code == 302
    assert Category.objects.filter(slug="kitchen", name="Kitchen").exists()


# ---------------------------------------------------------------------------- settings


def test_the_shop_settings_page_loads_for_the_default_site(admin, shop):
    response = admin.get("/admin/settings/storefront_core/shopsettings/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/shopsettings/{shop.site.pk}/")
    assert page(response).find("input", attrs={"name": "name"})["value"] == "Test shop"


def test_the_shop_settings_can_be_changed(admin, shop):
    url = f"/admin/settings/storefront_core/shopsettings/{shop.site.pk}/"
    form = page(admin.get(url)).find("form", id="w-editor-form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name") and field.get("type") not in ("checkbox", "submit")
    }
    data.update({field["name"]: field.get_text() for field in form.find_all("textarea")})
    data["name"] = "Renamed shop"

    response = admin.post(url, data)

    assert response.status_code == 302
    assert ShopSettings.for_site(shop.site).name == "Renamed shop"
