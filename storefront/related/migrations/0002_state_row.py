from django.db import migrations


def create_state(apps, schema_editor):
    apps.get_model("storefront_related", "RelatedState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("storefront_related", "0001_initial")]

    operations = [migrations.RunPython(create_state, migrations.RunPython.noop)]
