"""The shopper's return pages: start a return from an order, see the estimate, send it, then
read the request and print its slip; refusals say why, and strangers get a 404."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from storefront.orders.access import order_access_check, order_access_key
from storefront.orders.models import Order, OrderLine
from storefront.products.models import ProductVariant
from storefront.returns.models import ReturnPhoto, ReturnReason, ReturnRequest
from storefront.returns.services import (
    LineChoice,
    return_approve,
    return_eligibility,
    return_reject,
    return_request_open,
)
from storefront.returns.templatetags.storefront_returns import order_returnable
from tests.factories import make_order, make_user
from tests.loyalty.conftest import deliver

pytestmark = pytest.mark.django_db

# Queries per view, measured with a customer's session. Every page pays the session and the
# user (2) and the base template's site, shop settings, home page, cart and cart count (5).
# Who may see a return is who may see its order: the start page reads the order with its
# lines, adjustments and events (4); the return's pages only the order's owner (1).
BUDGETS = {
    # + the policy, read by return_eligibility and by the page (2 × site and setting), the
    # quantities already returned, the variants to exchange for and the reasons
    "return_start": 18,
    "return_detail": 12,  # + the request with its order, its lines, photos and events
    "return_slip": 14,  # + the policy (site, setting) for the instructions
    "my_returns": 9,  # the customer's requests with their orders, their lines
    "my_orders_delivered": 12,  # My orders (10) with "Return items" links: + the policy once
}


def start_url(order: Order, key: str | None = None) -> str:
    url = reverse("storefront:return_start", kwargs={"number": order.number})
    return f"{url}?key={key}" if key else url


def detail_url(request: ReturnRequest, key: str | None = None) -> str:
    url = reverse("storefront:return_detail", kwargs={"rma": request.rma})
    return f"{url}?key={key}" if key else url


def slip_url(request: ReturnRequest, key: str | None = None) -> str:
    url = reverse("storefront:return_slip", kwargs={"rma": request.rma})
    return f"{url}?key={key}" if key else url


def photo(name: str = "broken.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#b91c1c").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form_data(order: Order, *lines, outcome: str = "refund", action: str = "send", **extra):
    """Form fields returning ``lines``: (order line, quantity, reason code[, variant]) tuples."""
    data = {"outcome": outcome, "action": action, "note": "", **extra}
    for order_line in order.lines.all():
        data[f"quantity_{order_line.pk}"] = "0"
    for order_line, quantity, reason, *variant in lines:
        data[f"quantity_{order_line.pk}"] = str(quantity)
        data[f"reason_{order_line.pk}"] = reason
        if variant:
            data[f"exchange_{order_line.pk}"] = str(variant[0].pk)
    return data


@pytest.fixture
def ada(db):
    return make_user("ada")


@pytest.fixture
def tee(product_factory):
    """A 30.00 tee in M and L."""
    return product_factory(
        title="Blue tee", price="30.00", variants=[("M", None), ("L", None)], stock=[5, 5]
    )


@pytest.fixture
def medium(tee):
    return ProductVariant.objects.get(product=tee, name="M")


@pytest.fixture
def large(tee):
    return ProductVariant.objects.get(product=tee, name="L")


@pytest.fixture
def mug(product_factory):
    return product_factory(title="Mug", price="12.00").variants.get()


@pytest.fixture
def delivered(shop, ada, medium, mug, django_capture_on_commit_callbacks):
    """Ada's delivered order: two blue tees (M) and a mug."""
    with django_capture_on_commit_callbacks(execute=True):
        return deliver(make_order(shop=shop, items=[(medium, 2), (mug, 1)], user=ada))


@pytest.fixture
def guest_order(shop, medium, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return deliver(make_order(shop=shop, items=[(medium, 1)], email="guest@example.com"))


def line_of(order: Order, title: str) -> OrderLine:
    return order.lines.get(title=title)


def open_return(order, *, reason="doesnt_fit", note="", quantity=1) -> ReturnRequest:
    line = order.lines.order_by("pk").first()
    return return_request_open(
        order=order,
        choices=[
            LineChoice(
                order_line=line, quantity=quantity, reason=ReturnReason.objects.get(code=reason)
            )
        ],
        outcome="refund",
        note=note,
    )


# ---------------------------------------------------------------------------- links


def test_a_delivered_order_links_to_the_return_form_from_my_orders_and_the_order_page(
    client, ada, delivered
):
    client.force_login(ada)

    for page in (
        reverse("storefront:my_orders"),
        reverse("storefront:order_detail", args=[delivered.number]),
    ):
        html = client.get(page).content.decode()
        assert f'href="{start_url(delivered)}"' in html
        assert "Return items" in html


def test_no_return_link_before_delivery_or_after_the_window(client, shop, ada, medium, delivered):
    client.force_login(ada)
    make_order(shop=shop, items=[(medium, 1)], user=ada)  # placed, not delivered
    Order.objects.filter(pk=delivered.pk).update(delivered_at=timezone.now() - timedelta(days=31))

    html = client.get(reverse("storefront:my_orders")).content.decode()

    assert "Return items" not in html


def test_a_guest_order_page_passes_the_signed_key_on_to_the_return_form(client, guest_order):
    key = order_access_key(guest_order)

    html = client.get(
        reverse("storefront:order_detail", args=[guest_order.number]) + f"?key={key}"
    ).content.decode()

    # The page signs the key afresh (its timestamp may fall in the next second): what matters
    # is that the link leads to the return form with a key that opens it.
    link = re.search(rf'href="({re.escape(start_url(guest_order))}\?key=([^"]+))"', html)
    assert link, "no return link carrying a key"
    assert order_access_check(number=guest_order.number, key=link.group(2))


def test_the_link_agrees_with_the_services_eligibility(shop, ada, medium, delivered):
    placed = make_order(shop=shop, items=[(medium, 1)], user=ada)
    late = deliver(make_order(shop=shop, items=[(medium, 1)], user=ada))
    Order.objects.filter(pk=late.pk).update(
        delivered_at=timezone.now() - timedelta(days=30, hours=1)
    )
    edge = deliver(make_order(shop=shop, items=[(medium, 1)], user=ada))
    Order.objects.filter(pk=edge.pk).update(
        delivered_at=timezone.now() - timedelta(days=29, hours=23)
    )

    for order in Order.objects.filter(pk__in=[placed.pk, late.pk, edge.pk, delivered.pk]):
        assert order_returnable(order) == (return_eligibility(order) == ""), order.number


# ---------------------------------------------------------------------------- happy paths


def test_the_start_page_offers_each_line_with_reasons_exchange_variants_and_outcomes(
    client, ada, delivered, large
):
    client.force_login(ada)

    response = client.get(start_url(delivered))

    html = response.content.decode()
    assert response.status_code == 200
    tee_line = line_of(delivered, "Blue tee")
    assert f'name="quantity_{tee_line.pk}"' in html
    assert '<option value="2">2</option>' in html  # two tees bought
    assert "It doesn&#x27;t fit" in html or "It doesn't fit" in html
    assert f'<option value="{large.pk}">L</option>' in html  # the tee's other variant
    assert 'value="store_credit"' in html  # a customer can take points
    assert "See the estimated refund" in html and "Send request" in html


def test_the_estimate_shows_the_refund_and_writes_nothing(client, ada, delivered):
    client.force_login(ada)
    tee_line = line_of(delivered, "Blue tee")

    response = client.post(
        start_url(delivered),
        form_data(delivered, (tee_line, 2, "doesnt_fit"), action="estimate"),
    )

    assert response.status_code == 200
    assert response.context["quote"].total == Decimal("60.00")
    assert "$60.00" in response.content.decode()
    assert not ReturnRequest.objects.exists()


def test_a_customer_sends_a_return_and_sees_its_rma_status_and_history(
    client, ada, delivered, large, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(ada)
    tee_line = line_of(delivered, "Blue tee")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            start_url(delivered),
            form_data(
                delivered,
                (tee_line, 1, "doesnt_fit", large),
                outcome="exchange",
                note="Too small <b>sadly</b>",
            ),
        )

    request = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(request)
    line = request.lines.get()
    assert (line.order_line, line.quantity, line.reason.code, line.exchange_variant) == (
        tee_line,
        1,
        "doesnt_fit",
        large,
    )
    assert (request.outcome, request.estimated_refund) == ("exchange", Decimal("30.00"))
    assert any(request.rma in message.subject for message in mailoutbox)

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert request.rma in html
    assert "Requested" in html and "It doesn" in html
    assert "Exchange for: L" in html
    assert "Too small &lt;b&gt;sadly&lt;/b&gt;" in html and "<b>sadly" not in html
    assert "Print return slip" in html
    assert request.rma in client.get(reverse("storefront:my_returns")).content.decode()


def test_a_guest_returns_through_the_signed_link(client, guest_order):
    key = order_access_key(guest_order)
    line = guest_order.lines.get()

    page = client.get(start_url(guest_order, key))
    response = client.post(
        start_url(guest_order, key), form_data(guest_order, (line, 1, "changed_mind"))
    )

    assert page.status_code == 200
    assert 'value="store_credit"' not in page.content.decode()  # no account for points
    request = ReturnRequest.objects.get()
    assert response.status_code == 302
    # The link carries a freshly signed key (its timestamp may be a second later than ours).
    assert response["Location"].split("?")[0] == detail_url(request, key).split("?")[0]
    assert client.get(response["Location"]).status_code == 200
    assert client.get(detail_url(request, key)).status_code == 200
    assert client.get(slip_url(request, key)).status_code == 200


def test_a_defective_item_is_returned_with_its_photo(client, ada, delivered):
    client.force_login(ada)
    mug_line = line_of(delivered, "Mug")

    response = client.post(
        start_url(delivered),
        {**form_data(delivered, (mug_line, 1, "defective")), "photos": [photo()]},
    )

    assert response.status_code == 302
    stored = ReturnPhoto.objects.get()
    assert stored.request.lines.get().reason.code == "defective"
    html = client.get(response["Location"]).content.decode()
    assert stored.thumbnail.url in html


# ---------------------------------------------------------------------------- refusals


def refused(response, message: str) -> None:
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReturnRequest.objects.exists()


def test_outside_the_window_the_return_is_refused(client, ada, delivered):
    client.force_login(ada)
    Order.objects.filter(pk=delivered.pk).update(delivered_at=timezone.now() - timedelta(days=31))
    tee_line = line_of(delivered, "Blue tee")

    refused(client.get(start_url(delivered)), "return window of 30 days")
    refused(
        client.post(start_url(delivered), form_data(delivered, (tee_line, 1, "doesnt_fit"))),
        "return window of 30 days",
    )


def test_an_undelivered_order_cannot_be_returned(client, shop, ada, medium):
    client.force_login(ada)
    order = make_order(shop=shop, items=[(medium, 1)], user=ada)

    refused(
        client.post(start_url(order), form_data(order, (order.lines.get(), 1, "doesnt_fit"))),
        "has not been delivered yet",
    )


def test_customized_goods_are_returned_only_for_a_fault(client, ada, delivered):
    client.force_login(ada)
    tee_line = line_of(delivered, "Blue tee")
    OrderLine.objects.filter(pk=tee_line.pk).update(design_choices=[["Body", "Red"]])

    assert "Made to your design" in client.get(start_url(delivered)).content.decode()
    refused(
        client.post(start_url(delivered), form_data(delivered, (tee_line, 1, "changed_mind"))),
        "was made to your design",
    )
    response = client.post(start_url(delivered), form_data(delivered, (tee_line, 1, "wrong_item")))
    assert response.status_code == 302


def test_a_reason_that_needs_a_photo_is_refused_without_one(client, ada, delivered):
    client.force_login(ada)

    refused(
        client.post(
            start_url(delivered), form_data(delivered, (line_of(delivered, "Mug"), 1, "defective"))
        ),
        "Please add a photo",
    )


def test_more_than_five_photos_are_refused(client, ada, delivered):
    client.force_login(ada)
    data = form_data(delivered, (line_of(delivered, "Mug"), 1, "defective"))

    refused(
        client.post(
            start_url(delivered), {**data, "photos": [photo(f"{n}.png") for n in range(6)]}
        ),
        "Add at most 5 photos to a return.",
    )


def test_more_than_was_bought_is_refused(client, ada, delivered):
    client.force_login(ada)
    tee_line = line_of(delivered, "Blue tee")

    refused(
        client.post(start_url(delivered), form_data(delivered, (tee_line, 3, "doesnt_fit"))),
        "You can return at most 2 of this item.",
    )


def test_lines_already_in_a_return_count_against_what_is_left(client, ada, delivered):
    client.force_login(ada)
    open_return(delivered, quantity=2)  # both tees
    tee_line = line_of(delivered, "Blue tee")

    assert "Already in a return request." in client.get(start_url(delivered)).content.decode()
    response = client.post(start_url(delivered), form_data(delivered, (tee_line, 1, "doesnt_fit")))
    assert response.status_code == 400
    assert ReturnRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"quantity": "-1"}, "Choose 0 to keep this item."),
        ({"quantity": "many"}, "Enter a whole number."),
        ({"quantity": "0"}, "Choose how many of an item to return, and why."),
        ({"reason": ""}, "Tell us why you are returning"),
        ({"reason": "because"}, "Select a valid choice."),
        ({"outcome": "cash"}, "Select a valid choice."),
        ({"exchange": "999999", "outcome": "exchange"}, "Select a valid choice."),
    ],
)
def test_bad_quantities_reasons_and_outcomes_say_what_to_change(
    client, ada, delivered, fields, message
):
    client.force_login(ada)
    tee_line = line_of(delivered, "Blue tee")
    data = form_data(delivered, (tee_line, 1, "doesnt_fit"))
    for name, value in fields.items():
        data[name if name == "outcome" else f"{name}_{tee_line.pk}"] = value

    refused(client.post(start_url(delivered), data), message)


def test_a_guest_cannot_ask_for_store_credit(client, guest_order):
    key = order_access_key(guest_order)

    refused(
        client.post(
            start_url(guest_order, key),
            form_data(
                guest_order, (guest_order.lines.get(), 1, "doesnt_fit"), outcome="store_credit"
            ),
        ),
        "Select a valid choice.",
    )


def test_sending_is_rate_limited(client, ada, delivered, settings):
    settings.STOREFRONT_RATE_RETURN = "2/h"
    client.force_login(ada)
    data = form_data(delivered, (line_of(delivered, "Blue tee"), 1, "doesnt_fit"))

    statuses = [client.post(start_url(delivered), data).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert ReturnRequest.objects.count() == 2


# ---------------------------------------------------------------------------- ownership


def test_another_customer_gets_not_found(client, delivered):
    request = open_return(delivered)
    client.force_login(make_user("bob"))

    assert client.get(start_url(delivered)).status_code == 404
    assert client.post(start_url(delivered), {}).status_code == 404
    assert client.get(detail_url(request)).status_code == 404
    assert client.get(slip_url(request)).status_code == 404


def test_a_guest_without_the_key_or_with_a_wrong_key_gets_not_found(client, guest_order, delivered):
    guest_request = open_return(guest_order)
    wrong = order_access_key(delivered)  # a valid key, of another order

    for key in (None, "nonsense", wrong):
        assert client.get(start_url(guest_order, key)).status_code == 404
        assert client.get(detail_url(guest_request, key)).status_code == 404
        assert client.get(slip_url(guest_request, key)).status_code == 404
    assert client.get(start_url(delivered)).status_code == 404
    assert client.get(reverse("storefront:my_returns")).status_code == 302  # to log in


def test_an_unknown_rma_is_not_found(client, ada):
    client.force_login(ada)

    assert client.get(reverse("storefront:return_detail", args=["R0000-NOPE"])).status_code == 404


# ---------------------------------------------------------------------------- detail and slip


def test_the_slip_shows_rma_lines_reasons_and_the_shop_address(client, shop, ada, delivered):
    from storefront.core.models import ShopSettings

    settings_obj = ShopSettings.for_site(shop.site)
    settings_obj.address = "Returns dept.\n1 Harbour Road\nHamburg"
    settings_obj.save()
    request = open_return(delivered, note="<script>alert(1)</script>")
    client.force_login(ada)

    response = client.get(slip_url(request))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(request.rma) >= 2  # the heading and the parcel label
    assert "Blue tee" in html and "doesn" in html and "1 Harbour Road" in html
    assert delivered.number in html and "12 Analytical Street" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_the_history_shows_the_shops_answer_and_the_slip_goes_away_when_rejected(
    client, ada, delivered
):
    request = open_return(delivered)
    staff = make_user("staff", is_staff=True)
    return_approve(request=request, actor=staff)
    client.force_login(ada)
    assert "Approved" in client.get(detail_url(request)).content.decode()

    return_reject(request=request, actor=staff, message="Worn <i>twice</i>")

    html = client.get(detail_url(request)).content.decode()
    assert "Rejected" in html and "Worn &lt;i&gt;twice&lt;/i&gt;" in html
    assert "Print return slip" not in html
    assert client.get(slip_url(request)).status_code == 404


# ---------------------------------------------------------------------------- query budgets


def queries(client, url) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def two_orders(shop, ada, product_factory, django_capture_on_commit_callbacks):
    """Ada's delivered orders of 1 and of 8 products (two sizes each), each with a return of
    every line, one with a photo each."""
    products = [
        product_factory(variants=[("M", None), ("L", None)], stock=[9, 9]) for _ in range(8)
    ]
    variants = [product.variants.order_by("sort_order").first() for product in products]
    reason = ReturnReason.objects.get(code="doesnt_fit")
    made = []
    for count in (1, 8):
        with django_capture_on_commit_callbacks(execute=True):
            order = deliver(
                make_order(shop=shop, items=[(v, 1) for v in variants[:count]], user=ada)
            )
        request = return_request_open(
            order=order,
            choices=[
                LineChoice(order_line=line, quantity=1, reason=reason) for line in order.lines.all()
            ],
            outcome="refund",
        )
        ReturnPhoto.objects.create(
            request=request, image="returns/photos/a.jpg", thumbnail="returns/photos/a-thumb.jpg"
        )
        made.append((order, request))
    return made


@pytest.mark.parametrize("page", ["return_start", "return_detail", "return_slip"])
def test_return_pages_cost_the_same_queries_for_one_line_as_for_eight(
    client, ada, two_orders, page, django_assert_max_num_queries
):
    client.force_login(ada)
    urls = [
        start_url(order)
        if page == "return_start"
        else reverse(f"storefront:{page}", args=[request.rma])
        for order, request in two_orders
    ]

    small, large = (queries(client, url) for url in urls)

    assert small == large, f"{page}: {small} vs {large} queries"
    with django_assert_max_num_queries(BUDGETS[page]):
        client.get(urls[1])


def test_my_returns_and_my_orders_cost_the_same_queries_for_one_as_for_many(
    client, ada, two_orders, shop, django_assert_max_num_queries
):
    client.force_login(ada)
    _first, (second_order, second_request) = two_orders
    ReturnRequest.objects.filter(pk=second_request.pk).delete()
    Order.objects.filter(pk=second_order.pk).update(user=None)

    small = [
        queries(client, reverse(name)) for name in ("storefront:my_returns", "storefront:my_orders")
    ]
    Order.objects.filter(pk=second_order.pk).update(user=ada)
    open_return(second_order)
    large = [
        queries(client, reverse(name)) for name in ("storefront:my_returns", "storefront:my_orders")
    ]

    assert small == large
    with django_assert_max_num_queries(BUDGETS["my_returns"]):
        client.get(reverse("storefront:my_returns"))
    with django_assert_max_num_queries(BUDGETS["my_orders_delivered"]):
        assert "Return items" in client.get(reverse("storefront:my_orders")).content.decode()
