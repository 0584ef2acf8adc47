# The change stamps moved to the council app (council/stamps.py), the ground floor every app
# may read: the table is renamed, its rows and ids kept; council 0006 takes up the model.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0031_version_print_html"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="changestamp", table="council_changestamp"),
            ],
            state_operations=[migrations.DeleteModel(name="ChangeStamp")],
        ),
    ]
