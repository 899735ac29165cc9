"""Product sets that the catalogue pages and the catalogue API are both tested against."""

from datetime import timedelta

import pytest
from django.utils import timezone

from storefront.products.models import ProductPage


@pytest.fixture
def cheap_middle_dear(product_factory):
    """Three products at three prices: Cheap at 5.00, Middle at 20.00, Dear at 80.00."""
    for title, price in [("Cheap", "5.00"), ("Middle", "20.00"), ("Dear", "80.00")]:
        product_factory(title=title, price=price)


@pytest.fixture
def three_products(product_factory):
    """Three products whose name, price, age and popularity each sort them differently."""
    now = timezone.now()
    specs = [
        # title, price, published days ago, sales
        ("Bravo", "30.00", 3, 5),
        ("Alpha", "50.00", 1, 1),
        ("Charlie", "10.00", 2, 9),
    ]
    for title, price, days_ago, sales in specs:
        product = product_factory(title=title, price=price)
        ProductPage.objects.filter(pk=product.pk).update(
            first_published_at=now - timedelta(days=days_ago), sales_count=sales
        )
