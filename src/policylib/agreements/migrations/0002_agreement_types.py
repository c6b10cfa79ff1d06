"""The agreement types most libraries need, so staff can record agreements on day one."""

from django.db import migrations

TYPES = [
    ("Memorandum of Agreement", "MOA", "moa"),
    ("Memorandum of Understanding", "MOU", "mou"),
    ("Interagency Agreement", "IAA", "iaa"),
    ("Interconnection Security Agreement", "ISA", "isa"),
    ("Intergovernmental Service Agreement", "IGSA", "igsa"),
]


def add_types(apps, schema_editor):
    AgreementType = apps.get_model("agreements", "AgreementType")
    for order, (name, abbreviation, slug) in enumerate(TYPES, start=1):
        AgreementType.objects.get_or_create(
            slug=slug, defaults={"name": name, "abbreviation": abbreviation, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
