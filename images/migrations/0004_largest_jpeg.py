"""Each photo keeps the name of its largest JPEG beside its renditions, for the sitemap; filled
in here for the photos already stored."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from images.models import largest_jpeg

    Image = apps.get_model("images", "Image")
    changed = []
    for image in Image.objects.only("pk", "renditions").iterator(chunk_size=500):
        image.largest_jpeg = largest_jpeg(image.renditions)
        changed.append(image)
        if len(changed) == 500:
            Image.objects.bulk_update(changed, ["largest_jpeg"])
            changed = []
    Image.objects.bulk_update(changed, ["largest_jpeg"])


class Migration(migrations.Migration):
    dependencies = [("images", "0003_change_printed_image")]

    operations = [
        migrations.AddField(
            model_name="image",
            name="largest_jpeg",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
