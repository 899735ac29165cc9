from django.db import models
from django.utils.translation import gettext_lazy as _


class Insights(models.Model):
    """No table: holds the permission to read the insight reports, which an administrator
    gives to a Wagtail group (Settings → Groups → Other permissions)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_reports", "Can view customer insight reports and their exports")]
        verbose_name = _("insights")
        verbose_name_plural = _("insights")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
