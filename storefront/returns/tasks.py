"""Background work of the returns app, on the django-tasks API."""

from django_tasks import task


@task()
def send_return_email(*, request_id: int, status: str) -> None:
    """E-mail the customer that their return request was received or changed status."""
    from storefront.returns.emails import return_email_send

    return_email_send(request_id=request_id, status=status)
