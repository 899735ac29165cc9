"""A customer's privacy controls as services: marketing consent, the export of their data and
the deletion of their account, after which nothing personal stays linked to them while the
shop's books (orders, amounts, points, returns) and reports (preference events) keep counting.

``customers`` (conftest.py) builds Pat and Olga with a bit of everything."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone
from django_comments.models import CommentFlag

from storefront.core import privacy
from storefront.core.models import ConsentSource, MarketingConsent
from storefront.core.services import (
    AccountDeletionRefused,
    account_data_export,
    account_delete,
    marketing_consent_set,
)
from storefront.customizer.models import Design, PreferenceEvent
from storefront.insights.selectors import loyalty_month_rows, loyalty_standing
from storefront.loyalty.models import EntryKind, LoyaltyAccount, PointsEntry
from storefront.loyalty.services import (
    PointsError,
    ledger_consistent,
    loyalty_account_close,
    points_adjust,
    referral_accept,
)
from storefront.orders.models import Cart, Order, OrderEvent, OrderLine, OrderStatus
from storefront.orders.services import order_transition
from storefront.related.models import SuggestionClick
from storefront.returns.models import ReturnEvent, ReturnRequest
from storefront.reviews.models import (
    ProductReview,
    ReviewFlagReason,
    ReviewPhoto,
    ReviewRequest,
    ReviewRequestOptOut,
    ReviewSummary,
)
from storefront.reviews.services import review_requests_due
from tests.core.conftest import OLGA, PAT, REVIEW_TEXT, personal_traces
from tests.factories import make_order, make_user

pytestmark = pytest.mark.django_db

SECTIONS = [
    "profile",
    "marketing_consent",
    "designs",
    "preference_events",
    "orders",
    "cart",
    "reviews",
    "points",
    "returns",
    "suggestion_clicks",
]


def delete(customer, reviews="delete", capture=None):
    if capture is None:
        account_delete(user=customer.user, reviews=reviews)
        return
    with capture(execute=True):
        account_delete(user=customer.user, reviews=reviews)


def books(order: Order) -> tuple:
    """What the shop's books keep of an order."""
    order.refresh_from_db()
    lines = list(
        OrderLine.objects.filter(order=order)
        .order_by("pk")
        .values_list("title", "sku", "unit_price", "quantity", "line_total", "design_choices")
    )
    return (
        order.number,
        order.status,
        order.placed_at,
        order.delivered_at,
        order.country,
        order.goods_total,
        order.shipping_total,
        order.adjustments_total,
        order.total,
        lines,
    )


# ---------------------------------------------------------------------------- registry


def test_every_app_registers_its_sections_and_they_are_erased_from_the_right():
    names = [section.name for section in privacy.registered()]

    assert names == SECTIONS
    erased_first = [s.name for s in reversed(privacy.registered()) if s.erase is not None]
    assert erased_first.index("returns") < erased_first.index("orders")
    assert erased_first.index("points") < erased_first.index("orders")
    assert erased_first.index("reviews") < erased_first.index("orders")
    assert erased_first.index("cart") < erased_first.index("designs")
    assert erased_first[-1] == "profile"


# ---------------------------------------------------------------------------- consent


def test_marketing_consent_is_recorded_with_the_time_it_changed(shop):
    user = make_user("consenting")
    before = timezone.now()

    consent = marketing_consent_set(user=user, consented=True)

    assert (consent.consented, consent.source) == (True, ConsentSource.ACCOUNT)
    assert before <= consent.changed_at <= timezone.now()
    given_at = consent.changed_at

    consent = marketing_consent_set(user=user, consented=True)  # the same answer again
    assert consent.changed_at == given_at

    consent = marketing_consent_set(user=user, consented=False)
    assert consent.consented is False
    assert consent.changed_at > given_at
    assert MarketingConsent.objects.filter(user=user).count() == 1


# ---------------------------------------------------------------------------- export


def test_the_export_holds_every_section_with_the_customers_records(customers):
    pat, olga = customers

    data = account_data_export(user=pat.user)

    assert list(data) == ["generated_at", *SECTIONS]
    assert data["profile"]["email"] == PAT.email
    assert data["profile"]["username"] == PAT.username
    assert data["marketing_consent"]["consented"] is True
    assert [order["number"] for order in data["orders"]] == [
        pat.tee_order.number,
        pat.mug_order.number,
        pat.late_order.number,
    ]
    tee = data["orders"][0]
    assert tee["full_name"] == PAT.full_name
    assert tee["phone"] == PAT.phone
    assert tee["total"] == str(pat.tee_order.total)
    assert tee["placed_at"] == pat.tee_order.placed_at.isoformat()
    assert tee["lines"][0]["design"] == pat.tee_order.lines.get().design_choices
    assert [line["quantity"] for line in data["cart"]["lines"]] == [1]
    assert {design["share_token"] for design in data["designs"]} == {
        pat.ordered_design.share_token,
        pat.saved_design.share_token,
        pat.extra["shared_design"].share_token,
    }
    assert len(data["preference_events"]) == PreferenceEvent.objects.filter(user=pat.user).count()
    assert {event["kind"] for event in data["preference_events"]} >= {"viewed", "ordered"}
    written = data["reviews"]["written"]
    assert [(r["title"], r["text"], r["rating"]) for r in written] == [
        ("Just as designed", REVIEW_TEXT, 5)
    ]
    assert len(written[0]["photos"]) == 1
    assert [vote["review"] for vote in data["reviews"]["votes"]] == [olga.review.pk]
    assert [flag["note"] for flag in data["reviews"]["removal_requests"]] == ["Not helpful at all"]
    assert [row["order"] for row in data["reviews"]["review_requests"]] == [pat.tee_order.number]
    assert [row["email"] for row in data["reviews"]["review_requests_stopped_for"]] == [PAT.email]
    points = data["points"]
    account = LoyaltyAccount.objects.get(user=pat.user)
    assert (points["balance"], points["pending"]) == (account.balance, account.pending)
    assert account.pending > 0
    assert sum(entry["points"] for entry in points["ledger"]) == account.balance + account.pending
    assert [r["rma"] for r in data["returns"]] == [pat.return_request.rma]
    assert data["returns"][0]["note"].startswith("Please call")
    assert data["returns"][0]["refund_amount"] == str(pat.return_request.refund_amount)
    assert [click["product_title"] for click in data["suggestion_clicks"]] == ["Enamel mug"]


def test_the_export_is_plain_json_with_nothing_of_another_customer(customers):
    pat, _olga = customers

    text = json.dumps(account_data_export(user=pat.user))  # no custom encoder needed

    for value in OLGA.texts():
        if value:
            assert value.lower() not in text.lower(), value
    assert PAT.email in text


def test_guest_orders_with_the_accounts_address_are_neither_exported_nor_touched(
    customers, shop, catalogue, django_capture_on_commit_callbacks
):
    pat, _olga = customers
    guest = make_order(
        shop=shop,
        items=[(catalogue["mug"].variants.get(), 1)],
        email=PAT.email.upper(),
        full_name="Someone Else Entirely",
    )

    numbers = [order["number"] for order in account_data_export(user=pat.user)["orders"]]
    assert guest.number not in numbers

    delete(pat, capture=django_capture_on_commit_callbacks)

    guest.refresh_from_db()
    assert (guest.email, guest.full_name) == (PAT.email.upper(), "Someone Else Entirely")
    # The opt-out still protects the guest order's address from review requests.
    assert ReviewRequestOptOut.objects.filter(email=PAT.email).exists()


# ---------------------------------------------------------------------------- deletion


@pytest.mark.parametrize("reviews", ["delete", "anonymize"])
def test_after_deletion_nothing_personal_remains_linked(
    customers, reviews, django_capture_on_commit_callbacks
):
    """The key test: every table of the shop and of the comments apps is scanned for Pat's
    e-mail, username, names, phone and address and for anything pointing to her user row."""
    pat, olga = customers
    user_pk = pat.user.pk
    assert personal_traces(PAT, user_pk), "the scan finds Pat before the deletion"

    delete(pat, reviews, capture=django_capture_on_commit_callbacks)

    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert personal_traces(PAT, user_pk) == []
    assert personal_traces(OLGA, olga.user.pk), "Olga's data is still hers"


def test_orders_stay_for_the_books_without_the_customer(
    customers, django_capture_on_commit_callbacks
):
    pat, _olga = customers
    orders = [pat.tee_order, pat.mug_order, pat.late_order]
    before = [books(order) for order in orders]
    totals = Order.objects.aggregate(total=Sum("total"), goods=Sum("goods_total"))

    delete(pat, capture=django_capture_on_commit_callbacks)

    assert [books(order) for order in orders] == before
    assert Order.objects.aggregate(total=Sum("total"), goods=Sum("goods_total")) == totals
    kept = Order.objects.filter(pk__in=[order.pk for order in orders])
    assert {order.user_id for order in kept} == {None}
    assert {order.country for order in kept} == {"DE"}
    emails = {order.email for order in kept}
    assert len(emails) == 1, "one address stands for the deleted customer in the reports"
    assert privacy.is_erased_email(emails.pop())
    for name in ("full_name", "phone", "address_line1", "address_line2", "city", "postal_code"):
        assert set(kept.values_list(name, flat=True)) == {""}
    assert not OrderEvent.objects.filter(order__in=kept, actor__isnull=False).exists()


def test_the_cart_is_deleted(customers, django_capture_on_commit_callbacks):
    pat, _olga = customers
    cart_pk = Cart.objects.get(user=pat.user).pk

    delete(pat, capture=django_capture_on_commit_callbacks)

    assert not Cart.objects.filter(pk=cart_pk).exists()


def test_designs_in_orders_and_carts_stay_without_their_owner_the_rest_go(
    customers, django_capture_on_commit_callbacks
):
    pat, olga = customers
    shared = pat.extra["shared_design"]

    delete(pat, capture=django_capture_on_commit_callbacks)

    assert not Design.objects.filter(pk=pat.saved_design.pk).exists()
    for design in (pat.ordered_design, shared):
        design.refresh_from_db()
        assert design.owner_id is None
    assert pat.tee_order.lines.get().design_id == pat.ordered_design.pk
    assert Cart.objects.get(user=olga.user).lines.filter(design=shared).exists()
    assert Design.objects.filter(owner=olga.user).count() == 2


def test_preference_events_keep_counting_under_one_pseudonym(
    customers, django_capture_on_commit_callbacks
):
    pat, olga = customers
    pks = list(PreferenceEvent.objects.filter(user=pat.user).values_list("pk", flat=True))
    olga_events = PreferenceEvent.objects.filter(user=olga.user).count()

    delete(pat, capture=django_capture_on_commit_callbacks)

    events = PreferenceEvent.objects.filter(pk__in=pks)
    assert events.count() == len(pks) > 0
    assert set(events.values_list("user_id", flat=True)) == {None}
    visitor_ids = set(events.values_list("visitor_id", flat=True))
    assert len(visitor_ids) == 1
    assert len(visitor_ids.pop()) >= 16
    assert PreferenceEvent.objects.filter(user=olga.user).count() == olga_events


def test_deleting_the_reviews_updates_the_products_summary_and_rating(
    customers, django_capture_on_commit_callbacks
):
    pat, olga = customers
    product = pat.review.product
    summary = ReviewSummary.objects.get(product=product)
    assert (summary.count, summary.rating_total) == (2, 10)
    photo_pks = list(ReviewPhoto.objects.filter(review=pat.review).values_list("pk", flat=True))

    delete(pat, "delete", capture=django_capture_on_commit_callbacks)

    assert not ProductReview.objects.filter(pk=pat.review.pk).exists()
    assert not ReviewPhoto.objects.filter(pk__in=photo_pks).exists()
    summary.refresh_from_db()
    assert (summary.count, summary.rating_total, summary.stars_5) == (1, 5, 1)
    product.refresh_from_db()
    assert (product.rating_count, product.rating_average) == (1, Decimal("5.00"))
    olga.review.refresh_from_db()
    assert olga.review.helpful_count == 0, "Pat's vote was taken back"


def test_anonymized_reviews_keep_text_rating_and_photos_under_a_neutral_name(
    customers, django_capture_on_commit_callbacks
):
    pat, olga = customers
    product = pat.review.product

    delete(pat, "anonymize", capture=django_capture_on_commit_callbacks)

    review = ProductReview.objects.get(pk=pat.review.pk)
    assert (review.comment, review.rating, review.title) == (REVIEW_TEXT, 5, "Just as designed")
    assert review.photos.count() == 1
    assert review.is_public and not review.is_removed
    assert (review.user_id, review.user_email, review.user_url, review.ip_address) == (
        None,
        "",
        "",
        None,
    )
    assert review.followup is False
    assert review.is_by_former_customer
    assert review.author_name == "Former customer"
    assert review.user_name == "Former customer"
    assert review.reviewer_key.startswith("former:")
    assert review.helpful_count == 1, "Olga's vote on it is hers and stays"
    summary = ReviewSummary.objects.get(product=product)
    assert (summary.count, summary.rating_total) == (2, 10)
    olga.review.refresh_from_db()
    assert olga.review.helpful_count == 0


def test_votes_and_removal_requests_go_with_the_account(
    customers, django_capture_on_commit_callbacks
):
    pat, olga = customers
    assert CommentFlag.objects.filter(user=pat.user).count() == 2

    delete(pat, "anonymize", capture=django_capture_on_commit_callbacks)

    assert not CommentFlag.objects.filter(comment_id=olga.review.pk).exists()
    assert not ReviewFlagReason.objects.exists()


def test_points_are_forfeited_with_one_ledger_entry_and_the_account_kept_unlinked(
    customers, django_capture_on_commit_callbacks
):
    pat, olga = customers
    account = LoyaltyAccount.objects.get(user=pat.user)
    left = account.balance + account.pending
    assert account.balance > 0 and account.pending > 0
    olga_account = LoyaltyAccount.objects.get(user=olga.user)
    olga_figures = (olga_account.balance, olga_account.pending)

    delete(pat, capture=django_capture_on_commit_callbacks)

    account.refresh_from_db()
    assert (account.user_id, account.balance, account.pending) == (None, 0, 0)
    assert account.birthday is None and account.referred_by_id is None
    forfeits = PointsEntry.objects.filter(account=account, kind=EntryKind.FORFEIT)
    assert [entry.points for entry in forfeits] == [-left]
    assert PointsEntry.objects.filter(account=account).aggregate(s=Sum("points"))["s"] == 0
    assert ledger_consistent(account)
    assert str(account) == f"Closed account {account.pk}"
    olga_account.refresh_from_db()
    assert (olga_account.balance, olga_account.pending) == olga_figures
    # Nothing reaches the closed account any more: no referral, no points, no adjustments.
    newcomer = make_user("newcomer")
    assert referral_accept(user=newcomer, code=account.referral_code) is False
    staff = make_user("adjuster", is_staff=True, is_superuser=True)
    with pytest.raises(PointsError, match="closed"):
        points_adjust(account=account, points=10, reason="Goodwill", actor=staff)


def test_closing_a_points_account_twice_writes_one_entry(customers):
    pat, _olga = customers

    closed = loyalty_account_close(user=pat.user)
    again = loyalty_account_close(user=pat.user)

    assert again is None
    assert PointsEntry.objects.filter(account=closed, kind=EntryKind.FORFEIT).count() == 1


def test_the_loyalty_report_counts_forfeited_points_and_no_closed_members(
    customers, django_capture_on_commit_callbacks
):
    pat, _olga = customers
    account = LoyaltyAccount.objects.get(user=pat.user)
    left = account.balance + account.pending
    members = loyalty_standing(using="default").members

    delete(pat, capture=django_capture_on_commit_callbacks)

    rows = loyalty_month_rows(PointsEntry.objects.all())
    assert sum(row["forfeited"] for row in rows) == left
    assert loyalty_standing(using="default").members == members - 1


def test_return_requests_stay_without_the_customers_details(
    customers, django_capture_on_commit_callbacks
):
    pat, _olga = customers
    request = pat.return_request

    delete(pat, capture=django_capture_on_commit_callbacks)

    request.refresh_from_db()
    assert (request.status, request.refund_amount) == ("refunded", pat.return_request.refund_amount)
    assert (request.user_id, request.note) == (None, "")
    assert privacy.is_erased_email(request.email)
    assert request.lines.count() == 1
    assert set(ReturnEvent.objects.filter(request=request).values_list("note", flat=True)) == {""}
    assert not ReturnEvent.objects.filter(request=request, actor__is_staff=False).exists()


def test_review_requests_and_opt_outs(customers, django_capture_on_commit_callbacks):
    pat, _olga = customers

    delete(pat, capture=django_capture_on_commit_callbacks)

    assert ReviewRequest.objects.get(order=pat.tee_order).email == ""
    assert not ReviewRequestOptOut.objects.filter(email=PAT.email).exists()
    assert ReviewRequestOptOut.objects.filter(email=OLGA.email).exists()


def test_nothing_is_mailed_to_a_deleted_customer(
    customers, mailoutbox, django_capture_on_commit_callbacks
):
    pat, _olga = customers
    delete(pat, capture=django_capture_on_commit_callbacks)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=pat.tee_order, to_status=OrderStatus.COMPLETED)
    due = review_requests_due(now=timezone.now() + timedelta(days=8))

    assert mailoutbox == []
    assert not due.filter(pk__in=[pat.mug_order.pk, pat.late_order.pk]).exists()


def test_suggestion_clicks_stay_counted_without_the_customer(
    customers, django_capture_on_commit_callbacks
):
    pat, _olga = customers
    click = SuggestionClick.objects.get(user=pat.user)

    delete(pat, capture=django_capture_on_commit_callbacks)

    click.refresh_from_db()
    assert (click.user_id, click.session_key) == (None, "")


def test_another_customers_data_is_untouched(customers, django_capture_on_commit_callbacks):
    pat, olga = customers
    before = account_data_export(user=olga.user)

    delete(pat, "anonymize", capture=django_capture_on_commit_callbacks)

    after = account_data_export(user=olga.user)
    for section in SECTIONS:
        if section != "reviews":
            assert after[section] == before[section], section
    assert after["reviews"]["votes"] == before["reviews"]["votes"]
    assert [r["text"] for r in after["reviews"]["written"]] == [
        r["text"] for r in before["reviews"]["written"]
    ]
    assert MarketingConsent.objects.get(user=olga.user).consented is True


# ---------------------------------------------------------------------------- refusals


def snapshot(customer) -> tuple:
    return (
        get_user_model().objects.filter(pk=customer.user.pk).exists(),
        list(Order.objects.filter(user=customer.user).values_list("email", "full_name")),
        LoyaltyAccount.objects.get(user=customer.user).balance,
        ProductReview.objects.filter(user=customer.user).count(),
        Design.objects.filter(owner=customer.user).count(),
        PreferenceEvent.objects.filter(user=customer.user).count(),
        Cart.objects.filter(user=customer.user).exists(),
        ReturnRequest.objects.filter(user=customer.user).count(),
    )


@pytest.mark.parametrize("choice", ["", "keep", "DELETE", None])
def test_a_bad_review_choice_is_refused_and_nothing_changes(customers, choice):
    pat, _olga = customers
    before = snapshot(pat)

    with pytest.raises(ValueError, match="delete your reviews or keep them"):
        account_delete(user=pat.user, reviews=choice)

    assert snapshot(pat) == before


def test_an_order_on_its_way_refuses_the_deletion(customers, shop, catalogue):
    pat, _olga = customers
    open_order = make_order(shop=shop, items=[(catalogue["mug"].variants.get(), 1)], user=pat.user)
    before = snapshot(pat)

    with pytest.raises(AccountDeletionRefused, match=open_order.number):
        account_delete(user=pat.user, reviews="delete")

    assert snapshot(pat) == before


def test_an_open_return_refuses_the_deletion(customers):
    pat, _olga = customers
    ReturnRequest.objects.filter(pk=pat.return_request.pk).update(status="approved")
    before = snapshot(pat)

    with pytest.raises(AccountDeletionRefused, match=pat.return_request.rma):
        account_delete(user=pat.user, reviews="anonymize")

    assert snapshot(pat) == before


def test_staff_accounts_are_not_deleted_here(shop):
    staff = make_user("editor", is_staff=True)

    with pytest.raises(AccountDeletionRefused, match="administrator"):
        account_delete(user=staff, reviews="delete")

    assert get_user_model().objects.filter(pk=staff.pk).exists()


def test_a_customer_with_nothing_but_an_account_is_deleted(shop):
    user = make_user("newcomer")

    account_delete(user=user, reviews="delete")

    assert not get_user_model().objects.filter(pk=user.pk).exists()
