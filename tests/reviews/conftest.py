"""Review fixtures: a product, a customer who received it, and helpers to write reviews."""

import pytest

from storefront.products.models import ProductVariant
from tests.factories import deliver, make_order, make_user


@pytest.fixture
def product(product_factory):
    return product_factory(title="Reviewed mug", price="15.00")


@pytest.fixture
def buyer(shop, product):
    """A customer whose order of ``product`` was delivered."""
    user = make_user("buyer", first_name="Bea", last_name="Buyer")
    variant = ProductVariant.objects.filter(product=product).first()
    deliver(make_order(shop=shop, items=[(variant, 1)], user=user))
    return user


@pytest.fixture
def policy(shop):
    """``policy(**fields)`` changes the shop's review settings."""
    from storefront.reviews.models import ReviewSettings

    def change(**fields) -> ReviewSettings:
        review_settings = ReviewSettings.for_site(shop.site)
        for name, value in fields.items():
            setattr(review_settings, name, value)
        review_settings.save()
        return review_settings

    return change


def make_moderator(username: str = "moderator"):
    """A staff user who may open the admin and moderate and answer reviews."""
    from django.contrib.auth.models import Permission

    user = make_user(username, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_productreview"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


@pytest.fixture
def moderator(db):
    return make_moderator()
