"""A task for tests/core/test_tasks_rq.py whose mail server is down on its first attempt.

The RQ worker is another process, so the failure cannot be patched in: the task fails while
``marker`` (a file) does not exist yet, and writes it on the way. The worker imports this
module by the task's path, as it imports the shop's tasks.
"""

from pathlib import Path

from django.core.mail import EmailMessage
from django_tasks import task

from storefront.core.services import mail_send_once


class MailServerDownOnce(EmailMessage):
    marker: Path

    def send(self, fail_silently: bool = False) -> int:
        if not self.marker.exists():
            self.marker.write_text("the first attempt found the mail server down")
            raise ConnectionRefusedError("the mail server is down")
        return super().send(fail_silently)


@task()
def mail_once_after_an_outage(*, marker: str, to: str) -> bool:
    """Send one mail whose first attempt fails as an unreachable mail server does."""

    def build() -> EmailMessage:
        message = MailServerDownOnce("After the outage", "Delivered on the retry.", to=[to])
        message.marker = Path(marker)
        return message

    return mail_send_once(key=f"test-outage:{marker}", build=build)
