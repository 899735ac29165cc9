"""Review parts for pages of lower apps (the product page shows its reviews through these)."""

from django import template
from django.utils.translation import gettext as _

from storefront.orders.access import site_root_url
from storefront.reviews.forms import ReviewFilterForm
from storefront.reviews.selectors import review_json_ld, review_page

register = template.Library()


@register.inclusion_tag("storefront/reviews/includes/product_reviews.html", takes_context=True)
def product_reviews(context, product):
    """The product's rating summary, filters, one page of reviews and the JSON-LD, read from
    ``r-sort``, ``r-stars``, ``r-verified`` and ``r-page`` of the query string."""
    request = context["request"]
    form = ReviewFilterForm(request.GET, prefix="r")
    filters = form.cleaned_data if form.is_valid() else {}
    found = review_page(
        product=product,
        user=request.user,
        sort=filters.get("sort") or "",
        stars=filters.get("stars"),
        verified=bool(filters.get("verified")),
        page_number=filters.get("page") or 1,
    )
    query = request.GET.copy()
    query.pop("r-page", None)
    filtered = bool(filters.get("stars") or filters.get("verified"))
    return {
        **found,
        "request": request,
        "user": request.user,
        "product": product,
        "filter_form": form,
        "filtered": filtered,
        "querystring": query.urlencode(),
        "json_ld": review_json_ld(
            product=product,
            summary=found["summary"],
            reviews=found["page"],
            url=request.build_absolute_uri(product.url),
        ),
    }


@register.inclusion_tag("storefront/reviews/includes/stars.html")
def rating_stars(average, count=None, size=""):
    """Stars for an average rating, with the number in words for screen readers."""
    value = float(average or 0)
    return {
        "percent": round(value / 5 * 100),
        "label": _("Rated %(average)s out of 5") % {"average": f"{value:.1f}"},
        "count": count,
        "size": size,
    }


@register.filter
def elided_pages(paginator, number):
    """Page numbers around ``number`` with ellipses, for lists of hundreds of pages."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


@register.simple_tag
def site_root() -> str:
    """The default site's root URL, for absolute links in e-mails."""
    return site_root_url()
