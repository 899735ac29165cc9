"""Background work of the orders app, on the django-tasks API."""

from django_tasks import task


@task()
def send_order_email(*, order_id: int, status: str) -> None:
    """E-mail the customer that their order was placed or changed status."""
    from storefront.orders.emails import order_email_send

    order_email_send(order_id=order_id, status=status)
