from django.db import migrations


def content_type_to_atlas(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="atlas", model="qualification").delete()
    ContentType.objects.filter(app_label="agendas", model="qualification").update(
        app_label="atlas"
    )


def content_type_to_agendas(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="atlas", model="qualification").update(
        app_label="agendas"
    )


class Migration(migrations.Migration):
    """Step 3 of 3 of the move of Qualification to atlas: the table takes the atlas name (a
    rename: rows, ids and the foreign keys that point at them are kept) and so does its
    content type."""

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("atlas", "0001_qualification_moved_in"),
        ("agendas", "0005_qualification_moved_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="qualification", table=None),
        migrations.RunPython(content_type_to_atlas, content_type_to_agendas),
    ]
