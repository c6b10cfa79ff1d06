"""One outbox per index node. Queued rows of the single-node outbox are dropped: a node
registering for the first time rebuilds its index from the database, which covers them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.DeleteModel(name="IndexOutbox"),
        migrations.CreateModel(
            name="IndexNode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=500, unique=True)),
                ("registered_at", models.DateTimeField(auto_now_add=True)),
                ("seen_at", models.DateTimeField()),
            ],
            options={"verbose_name": "index node"},
        ),
        migrations.CreateModel(
            name="IndexOutbox",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("document_id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "node",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outbox",
                        to="search.indexnode",
                    ),
                ),
            ],
            options={
                "verbose_name": "index outbox entry",
                "verbose_name_plural": "index outbox",
                "indexes": [models.Index(fields=["node", "id"], name="search_outbox_node_order")],
            },
        ),
    ]
