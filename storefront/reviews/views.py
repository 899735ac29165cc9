"""Review pages for shoppers: write, edit, delete, vote, report, stop review requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from storefront.core.ratelimit import rate_for
from storefront.products.models import ProductPage
from storefront.reviews.access import opt_out_check, review_link_check
from storefront.reviews.forms import ReviewFlagForm, ReviewForm
from storefront.reviews.models import ProductReview, ReviewStatus, review_settings
from storefront.reviews.selectors import products_to_review, published_reviews, reviews_of_user
from storefront.reviews.services import (
    ReviewError,
    review_delete,
    review_edit,
    review_flag,
    review_requests_opt_out,
    review_submit,
    review_vote,
    verified_order,
)

review_rate = ratelimit(
    key="user_or_ip", rate=rate_for("STOREFRONT_RATE_REVIEW"), method="POST", block=True
)
vote_rate = ratelimit(
    key="user_or_ip", rate=rate_for("STOREFRONT_RATE_REVIEW_VOTE"), method="POST", block=True
)
flag_rate = ratelimit(
    key="user_or_ip", rate=rate_for("STOREFRONT_RATE_REVIEW_FLAG"), method="POST", block=True
)


def _published_message(review: ProductReview) -> str:
    if review.status == ReviewStatus.APPROVED:
        return _("Thank you! Your review is published.")
    return _("Thank you! Your review will appear once our team has read it.")


def _render_form(request, *, form, product, link_order=None, status=200):
    user = request.user if request.user.is_authenticated and link_order is None else None
    return render(
        request,
        "storefront/reviews/review_form.html",
        {
            "form": form,
            "product": product,
            "link_order": link_order,
            "verified": verified_order(product=product, user=user, order=link_order) is not None,
        },
        status=status,
    )


def _write(request, *, product: ProductPage, order=None):
    """The review form of a new review, for a logged-in customer or a review-link guest."""
    policy = review_settings(request)
    # Through a review link the review is the order's customer's, whoever is logged in.
    user = request.user if request.user.is_authenticated and order is None else None
    default_name = (user.get_full_name() or user.get_username()) if user else order.full_name
    form = ReviewForm(
        product,
        data=request.POST if request.method == "POST" else None,
        files=request.FILES if request.method == "POST" else None,
        initial={"name": default_name.split(" ")[0] if default_name else ""},
        min_length=policy.min_length,
    )
    if request.method != "POST":
        return _render_form(request, form=form, product=product, link_order=order)
    if not form.is_valid():
        return _render_form(request, form=form, product=product, link_order=order, status=400)
    data = form.cleaned_data
    try:
        review = review_submit(
            product=product,
            user=user,
            order=order,
            rating=data["rating"],
            title=data["title"],
            text=data["comment"],
            name=data["name"],
            photos=data["photos"],
            followup=data["followup"],
            ip_address=request.META.get("REMOTE_ADDR"),
            request=request,
        )
    except ReviewError as error:
        form.add_error(None, str(error))
        return _render_form(request, form=form, product=product, link_order=order, status=400)
    messages.success(request, _published_message(review))
    return redirect(f"{product.url}#reviews")


@review_rate
def review_write(request, product_id: int):
    product = get_object_or_404(ProductPage.objects.live(), pk=product_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    own = ProductReview.norel_objects.filter(
        product=product, user=request.user, is_shop_reply=False
    ).first()
    if own is not None:
        messages.info(request, _("You have reviewed this product already; edit your review here."))
        return redirect("storefront:review_edit", own.pk)
    return _write(request, product=product)


@review_rate
def review_write_link(request, token: str):
    """A review through the signed link of a review-request e-mail: no login needed."""
    found = review_link_check(token)
    if found is None:
        return render(request, "storefront/reviews/link_invalid.html", status=400)
    order, product = found
    return _write(request, product=product, order=order)


@login_required
@review_rate
def review_edit_view(request, review_id: int):
    review = get_object_or_404(
        ProductReview.norel_objects.select_related("product"),
        pk=review_id,
        user=request.user,
        is_shop_reply=False,
    )
    product = review.product
    photos = list(review.photos.all())
    policy = review_settings(request)
    remove_ids = [int(pk) for pk in request.POST.getlist("remove_photo") if pk.isdigit()]
    kept = [photo for photo in photos if photo.pk not in remove_ids]
    form = ReviewForm(
        product,
        data=request.POST if request.method == "POST" else None,
        files=request.FILES if request.method == "POST" else None,
        initial={
            "name": review.user_name,
            "rating": review.rating,
            "title": review.title,
            "comment": review.comment,
            "followup": review.followup,
        },
        min_length=policy.min_length,
        existing_photos=len(kept),
    )
    context = {"form": form, "product": product, "review": review, "photos": photos}
    if request.method != "POST":
        return render(request, "storefront/reviews/review_form.html", context)
    if not form.is_valid():
        return render(request, "storefront/reviews/review_form.html", context, status=400)
    data = form.cleaned_data
    try:
        review = review_edit(
            review=review,
            user=request.user,
            rating=data["rating"],
            title=data["title"],
            text=data["comment"],
            name=data["name"],
            add_photos=data["photos"],
            remove_photo_ids=remove_ids,
            request=request,
        )
    except ReviewError as error:
        form.add_error(None, str(error))
        return render(request, "storefront/reviews/review_form.html", context, status=400)
    messages.success(request, _published_message(review))
    return redirect(f"{product.url}#reviews")


@require_POST
@login_required
def review_delete_view(request, review_id: int):
    review = get_object_or_404(
        ProductReview.norel_objects.select_related("product"),
        pk=review_id,
        user=request.user,
        is_shop_reply=False,
    )
    url = review.product.url
    review_delete(review=review, user=request.user)
    messages.success(request, _("Your review was deleted."))
    return redirect(f"{url}#reviews")


@require_POST
@vote_rate
def review_vote_view(request, review_id: int):
    review = get_object_or_404(published_reviews().select_related("product"), pk=review_id)
    back = f"{review.product.url}#review-{review.pk}"
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    helpful = request.POST.get("helpful")
    try:
        if helpful not in ("1", "0"):
            raise ReviewError(_("Say whether the review was helpful or not."))
        review_vote(review=review, user=request.user, helpful=helpful == "1")
    except ReviewError as error:
        return render(
            request,
            "storefront/reviews/refused.html",
            {"message": str(error), "back": back},
            status=400,
        )
    messages.success(request, _("Thanks for your vote."))
    return redirect(back)


@login_required
@flag_rate
def review_flag_view(request, review_id: int):
    review = get_object_or_404(published_reviews().select_related("product"), pk=review_id)
    form = ReviewFlagForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                review_flag(
                    review=review,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except ReviewError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you; our team will look at this review."))
                return redirect(f"{review.product.url}#review-{review.pk}")
        status = 400
    else:
        status = 200
    return render(
        request,
        "storefront/reviews/review_flag.html",
        {"form": form, "review": review},
        status=status,
    )


def review_requests_opt_out_view(request, token: str):
    """The unsubscribe link of review requests: a confirmation page, then a POST."""
    email = opt_out_check(token)
    if email is None:
        return render(request, "storefront/reviews/link_invalid.html", status=400)
    done = False
    if request.method == "POST":
        review_requests_opt_out(email=email)
        done = True
    return render(request, "storefront/reviews/opt_out.html", {"email": email, "done": done})


@login_required
def my_reviews(request):
    reviews = reviews_of_user(request.user)
    return render(
        request,
        "storefront/reviews/my_reviews.html",
        {"reviews": reviews, "to_review": products_to_review(request.user, reviewed=reviews)},
    )
