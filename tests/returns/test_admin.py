"""Returns in the Wagtail admin: the listing with its filters and search, a request's page,
each action through the admin (with its event, actor, stock and refund rules), who may see and
act, the customer's note shown escaped, and the editable list of return reasons."""

import io
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from storefront.core.uploads import image_upload_clean
from storefront.orders.models import Order, OrderLine, OrderStatus
from storefront.products.models import ProductVariant, StockRecord
from storefront.returns.models import ReturnEvent, ReturnReason, ReturnRequest, ReturnStatus
from storefront.returns.services import (
    LineChoice,
    return_approve,
    return_receive,
    return_reject,
    return_request_open,
)
from tests.admin_helpers import assert_permission_denied, listed, page
from tests.factories import make_order, make_user
from tests.loyalty.conftest import deliver

pytestmark = pytest.mark.django_db

RETURNS_URL = "/admin/returns/"
REASONS_URL = "/admin/snippets/storefront_returns/returnreason/"


# ---------------------------------------------------------------------------- helpers


def errors(response) -> list[str]:
    return [str(message) for message in response.context["messages"] if "error" in message.tags]


def url(view: str, request: ReturnRequest) -> str:
    return reverse(f"storefront_returns_admin:{view}", args=[request.pk])


def reason(code: str) -> ReturnReason:
    return ReturnReason.objects.get(code=code)


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#c0392b").save(buffer, format="PNG")
    return image_upload_clean(SimpleUploadedFile("broken.png", buffer.getvalue()), name="return")


def open_return(order: Order, *lines, outcome: str = "refund", **kwargs) -> ReturnRequest:
    """``lines`` are (variant, quantity, reason code) triples of ``order``'s lines."""
    choices = [
        LineChoice(
            order_line=order.lines.get(variant=variant), quantity=quantity, reason=reason(code)
        )
        for variant, quantity, code in lines
    ]
    return return_request_open(order=order, choices=choices, outcome=outcome, **kwargs)


def fresh(request: ReturnRequest) -> ReturnRequest:
    return ReturnRequest.objects.get(pk=request.pk)


def stock(variant: ProductVariant) -> int:
    return StockRecord.objects.get(variant=variant).quantity


def admin_user(username: str, *codenames: str, is_staff: bool = True):
    user = make_user(username, is_staff=is_staff)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture
def manager(db):
    return admin_user("returns-desk", "access_admin", "view_returnrequest", "change_returnrequest")


@pytest.fixture
def managing(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def variants(product_factory) -> tuple[ProductVariant, ProductVariant]:
    """A shirt in M and L at 30.00, five of each in stock."""
    product = product_factory(
        title="Linen shirt", price="30.00", variants=[("M", None), ("L", None)], stock=[5, 5]
    )
    medium, large = ProductVariant.objects.filter(product=product).order_by("sort_order")
    return medium, large


@pytest.fixture
def mug(product_factory) -> ProductVariant:
    return product_factory(title="Tea mug", price="12.00", stock=5).variants.get()


@pytest.fixture
def customer(db):
    return make_user("carla", first_name="Carla")


@pytest.fixture
def order(shop, customer, variants) -> Order:
    medium, large = variants
    return deliver(make_order(shop=shop, items=[(medium, 2), (large, 1)], user=customer))


@pytest.fixture
def requested(order, variants) -> ReturnRequest:
    """Both the customer's shirts in M, one of them because it doesn't fit, one defective."""
    medium, _large = variants
    return open_return(
        order,
        (medium, 1, "doesnt_fit"),
        (medium, 1, "changed_mind"),
        note="Too tight across the shoulders.",
    )


@pytest.fixture
def approved(requested, manager) -> ReturnRequest:
    return return_approve(request=requested, actor=manager)


@pytest.fixture
def received(approved, manager) -> ReturnRequest:
    conditions = {line.pk: "sellable" for line in approved.lines.all()}
    return return_receive(request=approved, actor=manager, conditions=conditions)


@pytest.fixture
def other_order(shop, mug) -> Order:
    """A guest's order of a mug, delivered."""
    return deliver(make_order(shop=shop, items=[(mug, 1)], email="gus@example.com"))


@pytest.fixture
def mug_return(other_order, mug) -> ReturnRequest:
    return open_return(other_order, (mug, 1, "wrong_item"))


# ---------------------------------------------------------------------------- the listing


def test_the_listing_shows_return_requests_with_their_details(managing, requested, order):
    response = managing.get(RETURNS_URL)

    assert response.status_code == 200
    assert listed(response) == {requested.rma}
    row = page(response).find(id=f"return_{requested.pk}_title").find_parent("tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
    assert cells[1:6] == [
        order.number,
        "carla@example.com",
        "Requested",
        "Refund to the original payment method",
        "$60.00",
    ]
    assert row.find("a", href=url("inspect", requested))


def test_managers_find_returns_and_reasons_in_the_returns_menu(managing):
    html = managing.get(reverse("wagtailadmin_home")).content.decode()

    assert f'"{RETURNS_URL}"' in html
    assert "Return requests" in html


def test_the_listing_filters_by_status(managing, approved, mug_return):
    response = managing.get(RETURNS_URL, {"status": "approved"})

    assert listed(response) == {approved.rma}
    assert listed(managing.get(RETURNS_URL, {"status": "requested"})) == {mug_return.rma}


def test_the_listing_filters_by_reason_once_per_request(managing, requested, mug_return):
    assert listed(managing.get(RETURNS_URL, {"reason": reason("doesnt_fit").pk})) == {requested.rma}
    assert listed(managing.get(RETURNS_URL, {"reason": reason("wrong_item").pk})) == {
        mug_return.rma
    }
    assert listed(managing.get(RETURNS_URL, {"reason": reason("defective").pk})) == set()


def test_the_listing_filters_by_request_date(managing, requested, mug_return):
    february = timezone.make_aware(datetime(2025, 2, 14, 12))
    ReturnRequest.objects.filter(pk=requested.pk).update(created_at=february)

    response = managing.get(
        RETURNS_URL, {"created_at_from": "2025-02-01", "created_at_to": "2025-02-28"}
    )

    assert listed(response) == {requested.rma}


def test_the_listing_filters_by_product(managing, requested, mug_return, mug):
    response = managing.get(RETURNS_URL, {"product": mug.product_id})

    assert listed(response) == {mug_return.rma}


def test_the_product_filter_offers_live_products_only(managing, product_factory, requested):
    product_factory(title="Withdrawn scarf", live=False)

    options = page(managing.get(RETURNS_URL)).select("select[name=product] option")

    titles = {option.get_text(strip=True) for option in options}
    assert "Linen shirt" in titles
    assert "Withdrawn scarf" not in titles


@pytest.mark.parametrize(
    "query",
    [
        lambda request: request.rma,
        lambda request: request.rma[-4:].lower(),
        lambda request: request.order.number,
        lambda request: "CARLA@example",
    ],
    ids=["rma", "part of the rma", "order number", "e-mail"],
)
def test_the_listing_searches_rma_order_number_and_email(managing, requested, mug_return, query):
    response = managing.get(RETURNS_URL, {"q": query(requested)})

    assert listed(response) == {requested.rma}


# ---------------------------------------------------------------------------- a request's page


def test_the_request_page_shows_the_order_customer_lines_and_refund(managing, requested, order):
    response = managing.get(url("inspect", requested))

    assert response.status_code == 200
    html = page(response)
    order_link = html.find("a", href=f"/admin/orders/inspect/{order.pk}/")
    assert order_link.get_text(strip=True) == order.number
    summary = html.select_one(".return-summary").get_text(" ", strip=True)
    assert requested.rma in summary
    assert "Refund to the original payment method" in summary
    assert "carla@example.com" in html.select_one(".return-customer").get_text()
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in html.select(".return-lines tbody tr")
    ]
    assert rows == [
        ["Linen shirt", "M", "1", "It doesn't fit", "$30.00", "—"],
        ["Linen shirt", "M", "1", "I changed my mind", "$30.00", "—"],
    ]
    refund = html.select_one(".return-refund").get_text(" ", strip=True)
    assert "Estimated when requested $60.00" in refund
    assert "Too tight across the shoulders." in html.select_one(".return-note").get_text()


def test_the_request_page_shows_the_history_with_its_actors(managing, approved, manager):
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")][1:3]
        for row in page(managing.get(url("inspect", approved))).select(".return-events tbody tr")
    ]

    assert rows == [["Requested", "Customer"], ["Requested → Approved", "returns-desk"]]


def test_the_request_page_shows_the_customers_other_returns_and_orders(
    managing, shop, customer, requested, mug, mug_return
):
    second_order = deliver(make_order(shop=shop, items=[(mug, 1)], user=customer))
    earlier = open_return(second_order, (mug, 1, "changed_mind"))

    history = page(managing.get(url("inspect", requested))).select_one(".return-customer")

    links = {a.get_text(strip=True): a["href"] for a in history.select(".return-history a")}
    assert links == {earlier.rma: url("inspect", earlier)}
    assert "Orders 2" in history.get_text(" ", strip=True)


def test_a_guests_history_is_found_by_email(managing, shop, mug, mug_return):
    again = deliver(make_order(shop=shop, items=[(mug, 1)], email="GUS@example.com"))
    second = open_return(again, (mug, 1, "changed_mind"))

    history = page(managing.get(url("inspect", mug_return))).select_one(".return-customer")

    assert [a.get_text(strip=True) for a in history.select(".return-history a")] == [second.rma]
    assert "Orders 2" in history.get_text(" ", strip=True)


def test_the_request_page_shows_photos_as_thumbnails_linking_to_the_images(
    managing, order, variants
):
    medium, _large = variants
    request = open_return(order, (medium, 1, "defective"), photos=[photo()])
    stored = request.photos.get()

    html = page(managing.get(url("inspect", request)))

    link = html.select_one(".return-photos a")
    assert link["href"] == stored.image.url
    assert link.find("img")["src"] == stored.thumbnail.url


NOTE = 'Broken. <script>alert(1)</script> "><img src=x onerror=alert(2)>'


def test_the_customers_note_is_escaped(managing, order, variants):
    medium, _large = variants
    request = open_return(order, (medium, 1, "doesnt_fit"), note=NOTE)

    html = managing.get(url("inspect", request)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def forms(response) -> set[str]:
    """The actions offered on a request's page."""
    names = {"approve", "reject", "receive", "refund", "exchange", "close"}
    return {name for name in names if page(response).select_one(f"form.return-{name}-form")}


def test_a_new_request_may_be_approved_or_rejected(managing, requested):
    assert forms(managing.get(url("inspect", requested))) == {"approve", "reject"}


def test_an_approved_request_may_be_received_or_rejected(managing, approved):
    response = managing.get(url("inspect", approved))

    assert forms(response) == {"receive", "reject"}
    selects = page(response).select("form.return-receive-form select")
    assert [select["name"] for select in selects] == [
        f"condition-{line.pk}" for line in approved.lines.all()
    ]
    assert [option["value"] for option in selects[0].find_all("option")] == [
        "",
        "sellable",
        "damaged",
        "missing",
    ]


def test_a_received_request_may_be_refunded_or_closed_with_the_amount_prefilled(managing, received):
    response = managing.get(url("inspect", received))

    assert forms(response) == {"refund", "close"}
    amount = page(response).select_one("form.return-refund-form input[name=amount]")
    assert (amount["value"], amount["max"]) == ("60.00", "60.00")


def test_a_received_exchange_may_also_be_exchanged(managing, manager, order, variants):
    medium, large = variants
    request = open_return(
        order,
        (medium, 1, "doesnt_fit"),
        outcome="exchange",
        exchange_variants={order.lines.get(variant=medium).pk: large.pk},
    )
    return_approve(request=request, actor=manager)
    return_receive(request=request, actor=manager, conditions={request.lines.get().pk: "sellable"})

    response = managing.get(url("inspect", request))

    assert forms(response) == {"refund", "exchange", "close"}
    assert "Exchange for L" in page(response).select_one(".return-lines").get_text()


def test_a_closed_request_offers_no_actions(managing, requested, manager):
    return_reject(request=requested, actor=manager, message="Worn.")
    managing.post(url("close", requested))

    assert forms(managing.get(url("inspect", requested))) == set()


# ---------------------------------------------------------------------------- the actions


def last_event(request: ReturnRequest) -> ReturnEvent:
    return request.events.order_by("created_at", "pk").last()


def test_approving_moves_the_request_and_records_the_actor(managing, manager, requested):
    response = managing.post(url("approve", requested), follow=True)

    assert fresh(requested).status == ReturnStatus.APPROVED
    event = last_event(requested)
    assert (event.from_status, event.to_status, event.actor) == ("requested", "approved", manager)
    assert response.redirect_chain[-1][0] == url("inspect", requested)
    assert "is now approved" in response.content.decode()


def test_rejecting_needs_a_message_for_the_customer(managing, requested):
    response = managing.post(url("reject", requested), {"message": "  "}, follow=True)

    assert fresh(requested).status == ReturnStatus.REQUESTED
    assert errors(response) == ["Tell the customer why the return is refused."]


def test_rejecting_records_the_message_and_the_actor(managing, manager, requested):
    managing.post(url("reject", requested), {"message": "The shirt was worn and washed."})

    assert fresh(requested).status == ReturnStatus.REJECTED
    event = last_event(requested)
    assert (event.to_status, event.actor, event.note) == (
        "rejected",
        manager,
        "The shirt was worn and washed.",
    )


def test_receiving_restocks_the_sellable_items_only(managing, manager, approved, variants):
    medium, large = variants
    before = stock(medium)
    first, second = approved.lines.all()

    managing.post(
        url("receive", approved),
        {f"condition-{first.pk}": "sellable", f"condition-{second.pk}": "damaged"},
    )

    assert fresh(approved).status == ReturnStatus.RECEIVED
    assert stock(medium) == before + 1
    assert stock(large) == 4
    assert [line.condition for line in approved.lines.all()] == ["sellable", "damaged"]
    assert (last_event(approved).to_status, last_event(approved).actor) == ("received", manager)


def test_the_receive_form_says_customized_items_are_not_restocked(managing, approved):
    def hints() -> list[str]:
        form = page(managing.get(url("inspect", approved))).select_one(".return-receive-form")
        return [p.get_text(strip=True) for p in form.select(".w-field__wrapper .help-block")]

    assert hints() == []

    # Both returned shirts come from one order line; now it was made to a design.
    OrderLine.objects.filter(order=approved.order).update(design_choices=["Body: Navy"])

    assert hints() == ["Made to the customer's design: not restocked, whatever its condition."] * 2


def test_receiving_needs_every_lines_condition(managing, approved, variants):
    medium, _large = variants
    before = stock(medium)
    first, _second = approved.lines.all()

    response = managing.post(
        url("receive", approved), {f"condition-{first.pk}": "sellable"}, follow=True
    )

    assert errors(response) == ["Give the condition of every returned item."]
    assert fresh(approved).status == ReturnStatus.APPROVED
    assert stock(medium) == before


def test_refunding_pays_the_computed_amount(managing, manager, received):
    managing.post(url("refund", received), {"amount": "60.00", "reason": ""})

    refunded = fresh(received)
    assert (refunded.status, refunded.refund_amount) == (ReturnStatus.REFUNDED, Decimal("60.00"))
    assert (last_event(received).to_status, last_event(received).actor) == ("refunded", manager)


def test_an_empty_amount_refunds_the_computed_amount(managing, received):
    managing.post(url("refund", received), {"amount": ""})

    assert fresh(received).refund_amount == Decimal("60.00")


def test_a_lower_refund_needs_a_reason(managing, received):
    response = managing.post(url("refund", received), {"amount": "45.00"}, follow=True)

    assert errors(response) == ["Say why the refund is lower than computed."]
    assert fresh(received).status == ReturnStatus.RECEIVED
    assert fresh(received).refund_amount is None


def test_a_lower_refund_with_a_reason_is_recorded(managing, received):
    managing.post(url("refund", received), {"amount": "45.00", "reason": "Missing tags"})

    refunded = fresh(received)
    assert (refunded.refund_amount, refunded.refund_note) == (Decimal("45.00"), "Missing tags")

    html = page(managing.get(url("inspect", received))).select_one(".return-refund")
    assert "Why the refund is lower Missing tags" in html.get_text(" ", strip=True)


def test_a_higher_refund_is_refused(managing, received):
    response = managing.post(
        url("refund", received), {"amount": "60.01", "reason": "Goodwill"}, follow=True
    )

    assert errors(response) == ["The refund can be at most $60.00."]
    assert fresh(received).refund_amount is None


@pytest.mark.parametrize("amount", ["sixty", "NaN", "Infinity"])
def test_a_refund_that_is_not_an_amount_is_refused(managing, received, amount):
    response = managing.post(url("refund", received), {"amount": amount}, follow=True)

    assert response.status_code == 200
    assert errors(response) == ["Enter the refund as an amount, such as 12.50."]
    assert fresh(received).refund_amount is None


def test_a_return_is_refunded_only_once(managing, received):
    managing.post(url("refund", received), {"amount": "60.00"})

    response = managing.post(
        url("refund", received), {"amount": "10.00", "reason": "x"}, follow=True
    )

    assert errors(response) == ["This return was refunded already."]
    assert fresh(received).refund_amount == Decimal("60.00")
    assert received.events.filter(to_status="refunded").count() == 1


def test_an_exchange_creates_the_replacement_order_at_no_charge(
    managing, manager, customer, order, variants
):
    medium, large = variants
    request = open_return(
        order,
        (medium, 1, "doesnt_fit"),
        outcome="exchange",
        exchange_variants={order.lines.get(variant=medium).pk: large.pk},
    )
    return_approve(request=request, actor=manager)
    return_receive(request=request, actor=manager, conditions={request.lines.get().pk: "sellable"})

    managing.post(url("exchange", request))

    exchanged = fresh(request)
    replacement = exchanged.exchange_order
    assert exchanged.status == ReturnStatus.CLOSED
    assert (replacement.total, replacement.user, replacement.status) == (
        Decimal("0.00"),
        customer,
        OrderStatus.PAID,
    )
    assert [(line.variant, line.quantity) for line in replacement.lines.all()] == [(large, 1)]
    assert last_event(request).actor == manager
    link = (
        page(managing.get(url("inspect", request)))
        .select_one(".return-summary")
        .find("a", href=f"/admin/orders/inspect/{replacement.pk}/")
    )
    assert link.get_text(strip=True) == replacement.number


def test_a_refund_request_cannot_be_exchanged(managing, received):
    response = managing.post(url("exchange", received), follow=True)

    assert errors(response) == ["The customer asked for a refund or store credit, not an exchange."]
    assert fresh(received).status == ReturnStatus.RECEIVED


def test_closing_a_refunded_return(managing, manager, received):
    managing.post(url("refund", received), {"amount": "60.00"})

    managing.post(url("close", received), {"note": "Done"})

    assert fresh(received).status == ReturnStatus.CLOSED
    event = last_event(received)
    assert (event.from_status, event.actor, event.note) == ("refunded", manager, "Done")


def test_a_move_the_workflow_does_not_allow_is_refused_with_a_message(managing, requested):
    response = managing.post(url("close", requested), follow=True)

    assert errors(response) == ["A return that is requested cannot be marked closed."]
    assert fresh(requested).status == ReturnStatus.REQUESTED
    assert requested.events.count() == 1


def test_actions_answer_only_to_post(managing, requested):
    assert managing.get(url("approve", requested)).status_code == 405
    assert fresh(requested).status == ReturnStatus.REQUESTED


# ---------------------------------------------------------------------------- who may do it


ACTIONS = [
    ("approve", {}),
    ("reject", {"message": "No."}),
    ("receive", {}),
    ("refund", {"amount": "1.00", "reason": "x"}),
    ("exchange", {}),
    ("close", {}),
]


@pytest.fixture
def viewer(client):
    """Staff who may see returns but not act on them."""
    client.force_login(admin_user("clerk", "access_admin", "view_returnrequest"))
    return client


def test_viewers_see_the_requests_without_actions(viewer, requested):
    assert listed(viewer.get(RETURNS_URL)) == {requested.rma}
    response = viewer.get(url("inspect", requested))

    assert response.status_code == 200
    assert forms(response) == set()


@pytest.mark.parametrize(("action", "data"), ACTIONS, ids=[action for action, _data in ACTIONS])
def test_viewers_may_not_act(viewer, requested, action, data):
    assert_permission_denied(viewer.post(url(action, requested), data))
    assert fresh(requested).status == ReturnStatus.REQUESTED
    assert requested.events.count() == 1


@pytest.fixture(
    params=["staff without the permissions", "non-staff with the permissions"],
)
def outsider(request, client):
    """Users who may open the admin but not the returns."""
    if request.param == "staff without the permissions":
        user = admin_user("intern", "access_admin")
    else:
        user = admin_user(
            "helper",
            "access_admin",
            "view_returnrequest",
            "change_returnrequest",
            is_staff=False,
        )
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("method", "view", "data"),
    [("get", "index", {}), ("get", "inspect", {}), *[("post", a, d) for a, d in ACTIONS]],
    ids=["list", "inspect", *[action for action, _data in ACTIONS]],
)
def test_outsiders_may_not_see_or_act(outsider, requested, method, view, data):
    target = RETURNS_URL if view == "index" else url(view, requested)

    assert_permission_denied(getattr(outsider, method)(target, data))
    assert fresh(requested).status == ReturnStatus.REQUESTED


def test_outsiders_do_not_see_returns_in_the_menu(outsider):
    response = outsider.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert f'"{RETURNS_URL}"' not in response.content.decode()


def test_the_returns_screens_need_admin_access(client, customer, requested):
    client.force_login(customer)

    for response in (client.get(RETURNS_URL), client.post(url("approve", requested))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert fresh(requested).status == ReturnStatus.REQUESTED


@pytest.mark.parametrize(
    ("method", "view"),
    [("get", "edit"), ("post", "edit"), ("get", "delete"), ("post", "delete")],
)
def test_nobody_edits_or_deletes_requests_through_wagtail(managing, requested, method, view):
    assert_permission_denied(getattr(managing, method)(url(view, requested), {"email": "x@y.z"}))
    assert ReturnRequest.objects.filter(pk=requested.pk, email="carla@example.com").exists()


def test_nobody_adds_requests_through_wagtail(managing):
    assert_permission_denied(managing.get(reverse("storefront_returns_admin:add")))


# ---------------------------------------------------------------------------- reasons


@pytest.fixture
def editing(client):
    client.force_login(
        admin_user(
            "editor",
            "access_admin",
            "view_returnreason",
            "add_returnreason",
            "change_returnreason",
            "delete_returnreason",
        )
    )
    return client


REASON_IN_USE = (
    "A return reason that customers gave for returned items cannot be deleted; untick "
    "“offered to shoppers” to retire it instead."
)


def reason_form(**fields) -> dict:
    return {
        "code": "too_big",
        "label": "It is too big",
        "sort_order": "7",
        "active": "on",
        **fields,
    }


def test_the_reasons_list_shows_codes_labels_and_flags(editing):
    response = editing.get(REASONS_URL)

    assert response.status_code == 200
    links = page(response).select("td.title a")
    row = next(a for a in links if a.get_text(strip=True) == "defective").find_parent("tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
    assert "It arrived damaged or faulty" in cells
    headers = [th.get_text(" ", strip=True) for th in page(response).select("thead th")]
    for header in ("Needs a photo", "Customized goods", "Shop's fault", "Offered"):
        assert header in headers


def test_editors_add_a_reason(editing):
    response = editing.post(f"{REASONS_URL}add/", reason_form(shop_fault="on"))

    assert response.status_code == 302
    added = ReturnReason.objects.get(code="too_big")
    assert (added.label, added.shop_fault, added.requires_photo, added.active) == (
        "It is too big",
        True,
        False,
        True,
    )


def test_editors_edit_a_reason(editing):
    changed_mind = reason("changed_mind")

    response = editing.post(
        f"{REASONS_URL}edit/{changed_mind.pk}/",
        reason_form(code="changed_mind", label="I no longer want it", active=""),
    )

    assert response.status_code == 302
    changed_mind.refresh_from_db()
    assert (changed_mind.label, changed_mind.active) == ("I no longer want it", False)


def test_a_reasons_code_is_unique(editing):
    response = editing.post(f"{REASONS_URL}add/", reason_form(code="defective"))

    assert response.status_code == 200
    assert ReturnReason.objects.filter(code="defective").count() == 1


def test_an_unused_reason_can_be_deleted(editing):
    late = reason("arrived_late")

    response = editing.post(f"{REASONS_URL}delete/{late.pk}/")

    assert response.status_code == 302
    assert not ReturnReason.objects.filter(pk=late.pk).exists()


def test_a_reason_customers_gave_says_it_cannot_be_deleted(editing, requested):
    response = editing.get(f"{REASONS_URL}delete/{reason('doesnt_fit').pk}/")

    assert response.status_code == 200
    text = page(response).get_text(" ", strip=True)
    assert "Customers gave this reason for 1 returned item, so it cannot be deleted." in text
    assert "referenced 0 times" not in text
    assert not page(response).select("form button.serious")


def test_deleting_a_reason_customers_gave_is_refused(editing, requested):
    doesnt_fit = reason("doesnt_fit")

    response = editing.post(f"{REASONS_URL}delete/{doesnt_fit.pk}/", follow=True)

    assert response.redirect_chain[-1][0] == REASONS_URL
    assert errors(response) == [REASON_IN_USE]
    assert ReturnReason.objects.filter(pk=doesnt_fit.pk).exists()


def test_bulk_deleting_reasons_customers_gave_is_refused(editing, requested):
    doesnt_fit, late = reason("doesnt_fit"), reason("arrived_late")
    bulk = reverse("wagtail_bulk_action", args=["storefront_returns", "returnreason", "delete"])
    query = urlencode([("id", doesnt_fit.pk), ("id", late.pk)])

    response = editing.post(f"{bulk}?{query}", follow=True)

    assert response.redirect_chain[-1][0] == REASONS_URL
    assert errors(response) == [REASON_IN_USE]
    assert ReturnReason.objects.filter(pk__in=[doesnt_fit.pk, late.pk]).count() == 2
