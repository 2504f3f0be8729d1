from django.db import migrations


def content_type_to_regions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="regions", model="sectorkamer").delete()
    ContentType.objects.filter(app_label="agendas", model="sectorkamer").update(
        app_label="regions"
    )


def content_type_to_agendas(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="regions", model="sectorkamer").update(
        app_label="agendas"
    )


class Migration(migrations.Migration):
    """Step 3 of 3 of the move of Sectorkamer to regions: the table takes the regions name
    (a rename: rows, ids and the foreign keys that point at them are kept) and so does its
    content type."""

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("regions", "0002_sectorkamer_moved_in"),
        ("agendas", "0004_sectorkamer_moved_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="sectorkamer", table=None),
        migrations.RunPython(content_type_to_regions, content_type_to_agendas),
    ]
