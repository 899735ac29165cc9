import pytest


@pytest.mark.django_db
def test_product_factory_builds_live_product(product_factory, client):
    product = product_factory(title="Blue tee", stock=[3, 0], variants=[("M", None), ("L", "25")])
    assert product.live
    response = client.get(product.url)
    assert response.status_code == 200
    assert b"Blue tee" in response.content
