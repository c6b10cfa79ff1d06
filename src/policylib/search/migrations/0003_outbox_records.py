from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_nodes")]

    operations = [
        migrations.AlterField(
            model_name="indexoutbox",
            name="document_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="indexoutbox",
            name="record",
            field=models.CharField(blank=True, default="", max_length=60),
        ),
    ]
