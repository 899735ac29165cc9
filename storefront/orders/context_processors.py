from django.utils.functional import SimpleLazyObject


def cart(request):
    """``cart_count`` for the header, queried only when a template shows it."""

    def count() -> int:
        from django.db.models import Sum

        from storefront.orders.models import CartLine
        from storefront.orders.selectors import cart_for_request

        found = cart_for_request(request)
        if found is None:
            return 0
        return CartLine.objects.filter(cart=found).aggregate(n=Sum("quantity"))["n"] or 0

    return {"cart_count": SimpleLazyObject(count)}
