"""Background work of the orders app, on the django-tasks API."""

from django_tasks import task


@task()
def send_order_email(*, order_id: int, status: str) -> bool:
    """E-mail the customer that their order was placed or changed status; a second run sends
    nothing (returns whether the mail went out now)."""
    from storefront.orders.emails import order_email_send

    return order_email_send(order_id=order_id, status=status)
