# The performance packs moved to their own app (packs/): the tables are renamed, their rows
# and ids kept; packs 0001 takes up the models.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0033_carbon_savings_as_printed"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="packjob", table="packs_packjob"),
                migrations.AlterModelTable(name="packchapter", table="packs_packchapter"),
            ],
            state_operations=[
                migrations.DeleteModel(name="PackChapter"),
                migrations.DeleteModel(name="PackJob"),
            ],
        ),
    ]
