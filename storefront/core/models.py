from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site


@register_setting(icon="cogs")
class ShopSettings(BaseSiteSetting):
    """The shop's name, contact and how prices are displayed, per Wagtail site."""

    name = models.CharField(_("shop name"), max_length=100, default="Storefront")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), default="shop@example.com")
    address = models.TextField(
        _("shop address"), blank=True, help_text=_("Printed on e-mails and return slips.")
    )
    currency_symbol = models.CharField(
        _("currency symbol"),
        max_length=8,
        blank=True,
        default="$",
        help_text=_("Shown next to prices, e.g. $ or €. Leave empty to show the currency code."),
    )
    symbol_after_amount = models.BooleanField(
        _("symbol after the amount"),
        default=False,
        help_text=_("Tick for '12.00 €' instead of '€12.00'."),
    )
    bank_transfer_details = models.TextField(
        _("bank transfer details"),
        blank=True,
        default="Storefront Ltd · IBAN XX00 0000 0000 0000 · Reference: your order number",
        help_text=_("Shown to customers who pay by bank transfer."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("tagline"),
                FieldPanel("contact_email"),
                FieldPanel("address"),
            ],
            heading=_("Shop"),
        ),
        MultiFieldPanel(
            [FieldPanel("currency_symbol"), FieldPanel("symbol_after_amount")],
            heading=_("Prices"),
        ),
        FieldPanel("bank_transfer_details"),
    ]

    class Meta:
        verbose_name = _("shop settings")


def default_site() -> Site | None:
    """The Wagtail site that e-mails, tasks and services without a request speak for."""
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def shop_settings(request=None) -> ShopSettings:
    """The shop settings of the request's site, or of the default site (e-mails, tasks)."""
    if request is not None:
        return ShopSettings.for_request(request)
    site = default_site()
    if site is None:
        return ShopSettings()
    return ShopSettings.for_site(site)


def display_money(amount, request=None, *, shop: "ShopSettings | None" = None) -> str:
    """An amount as the shop shows it: its currency symbol where the settings put it. Give
    the settings as ``shop`` when they are at hand (e-mails): otherwise, without a request,
    each call reads them again."""
    from storefront.core.money import format_money

    shop = shop or shop_settings(request)
    return format_money(amount, symbol=shop.currency_symbol, symbol_after=shop.symbol_after_amount)


class ConsentSource(models.TextChoices):
    SIGNUP = "signup", _("Sign-up form")
    ACCOUNT = "account", _("Privacy page of the account")


class MarketingConsent(models.Model):
    """A customer's answer to offers and news by e-mail. Order, delivery and return e-mails
    and review requests do not depend on it; ``changed_at`` is when the answer last changed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="storefront_marketing_consent",
        verbose_name=_("customer"),
    )
    consented = models.BooleanField(_("agrees to offers and news by e-mail"), default=False)
    source = models.CharField(_("answered on"), max_length=10, choices=ConsentSource.choices)
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("marketing consent")
        verbose_name_plural = _("marketing consents")

    def __str__(self) -> str:
        return f"{self.user_id}: {'yes' if self.consented else 'no'}"


class SentMail(models.Model):
    """One e-mail that went out, by a key naming what it was about (``order:12:paid``).
    Written in the transaction that sends it, so a task run twice mails once
    (``storefront.core.services.mail_send_once``)."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")

    def __str__(self) -> str:
        return self.key
