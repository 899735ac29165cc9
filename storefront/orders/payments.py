"""Payment methods: small classes behind a registry. The built-in ones are offline."""

from django.utils.translation import gettext_lazy as _


class PaymentMethod:
    code: str = ""
    label = ""
    description = ""
    # True when the money is collected when the goods arrive, so the order may ship unpaid.
    collects_on_delivery = False

    def instructions(self, *, order, shop) -> str:
        """What the customer must do to pay, shown on the confirmation page and e-mail."""
        return ""


class PayOnDelivery(PaymentMethod):
    code = "pay_on_delivery"
    label = _("Pay on delivery")
    description = _("Pay the courier in cash or by card when your parcel arrives.")
    collects_on_delivery = True

    def instructions(self, *, order, shop) -> str:
        return str(_("Please have the exact amount ready when your parcel arrives."))


class BankTransfer(PaymentMethod):
    code = "bank_transfer"
    label = _("Bank transfer")
    description = _("Transfer the total to our bank account; we ship once it arrives.")

    def instructions(self, *, order, shop) -> str:
        return str(
            _(
                "Please transfer the total with your order number %(number)s "
                "as reference: %(details)s"
            )
            % {"number": order.number, "details": shop.bank_transfer_details}
        )


_registry: dict[str, PaymentMethod] = {}


def register(method: PaymentMethod) -> PaymentMethod:
    _registry[method.code] = method
    return method


def get(code: str) -> PaymentMethod | None:
    return _registry.get(code)


def available() -> list[PaymentMethod]:
    return list(_registry.values())


register(PayOnDelivery())
register(BankTransfer())
