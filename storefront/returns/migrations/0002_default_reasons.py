from django.db import migrations

REASONS = [
    # code, label, requires_photo, allows_customized, shop_fault
    ("changed_mind", "I changed my mind", False, False, False),
    ("doesnt_fit", "It doesn't fit", False, False, False),
    ("not_as_pictured", "It looks different from the pictures", False, False, False),
    ("defective", "It arrived damaged or faulty", True, True, True),
    ("wrong_item", "I received the wrong item", False, True, True),
    ("arrived_late", "It arrived too late", False, False, True),
]


def create_reasons(apps, schema_editor):
    ReturnReason = apps.get_model("storefront_returns", "ReturnReason")
    for order, (code, label, photo, customized, fault) in enumerate(REASONS):
        ReturnReason.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "requires_photo": photo,
                "allows_customized": customized,
                "shop_fault": fault,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("storefront_returns", "0001_initial")]

    operations = [migrations.RunPython(create_reasons, migrations.RunPython.noop)]
