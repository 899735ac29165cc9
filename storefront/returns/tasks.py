"""Background work of the returns app, on the django-tasks API."""

from django_tasks import task


@task()
def send_return_email(*, request_id: int, status: str) -> bool:
    """E-mail the customer that their return request was received or changed status; a second
    run sends nothing (returns whether the mail went out now)."""
    from storefront.returns.emails import return_email_send

    return return_email_send(request_id=request_id, status=status)
