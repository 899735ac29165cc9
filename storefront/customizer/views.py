"""Customizer pages: the no-JavaScript preview, share links and saved designs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from storefront.core.ratelimit import rate_for
from storefront.customizer.forms import choices_from_data
from storefront.customizer.models import Design
from storefront.customizer.selectors import design_by_token, designs_of_user, template_with_zones
from storefront.customizer.services import (
    DesignError,
    design_create,
    design_preview_path,
    design_resolve,
)
from storefront.products.models import ProductPage

preview_rate = ratelimit(key="ip", rate=rate_for("STOREFRONT_RATE_PREVIEW"), block=True)
save_rate = ratelimit(key="ip", rate=rate_for("STOREFRONT_RATE_CART"), method="POST", block=True)


def _customizable(product_id: int) -> ProductPage:
    product = ProductPage.objects.live().filter(pk=product_id).first()
    if product is None or product.customization_template_id is None:
        raise Http404
    return product


@preview_rate
def preview(request, product_id: int):
    """The server-rendered picture of the choices in the query string (no JavaScript)."""
    product = _customizable(product_id)
    template = template_with_zones(template_id=product.customization_template_id)
    choices, text = choices_from_data(template, request.GET)
    try:
        resolved = design_resolve(template=template, choices=choices, text=text)
    except DesignError:
        resolved = design_resolve(template=template, choices={})
    return redirect(default_storage.url(design_preview_path(template=template, resolved=resolved)))


@require_POST
@save_rate
def design_save(request, product_id: int):
    """Save the posted choices as a design and show its share link."""
    product = _customizable(product_id)
    template = template_with_zones(template_id=product.customization_template_id)
    choices, text = choices_from_data(template, request.POST)
    try:
        design = design_create(
            product=product, choices=choices, text=text, owner=request.user, saved=True
        )
    except DesignError as error:
        messages.error(request, str(error))
        query = urlencode({k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"})
        return redirect(f"{product.url}?{query}")
    messages.success(request, _("Design saved. Anyone with its link can open it."))
    return redirect("storefront:design_detail", share_token=design.share_token)


def design_detail(request, share_token: str):
    """A shared design: its picture, its choices, and the way back to the product."""
    try:
        design = design_by_token(share_token=share_token)
    except Design.DoesNotExist:
        raise Http404 from None
    if not design.product.live:
        raise Http404
    return render(request, "storefront/customizer/design_detail.html", {"design": design})


@login_required
def my_designs(request):
    return render(
        request, "storefront/customizer/my_designs.html", {"designs": designs_of_user(request.user)}
    )
