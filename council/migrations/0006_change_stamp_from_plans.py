# The change stamps' model, moved here from plans (plans 0032 renamed its table).
from django.db import migrations, models

import council.models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0005_council_commentary_required"),
        ("plans", "0032_change_stamp_to_council"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChangeStamp",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("scope", models.CharField(max_length=20)),
                        ("key", models.PositiveBigIntegerField()),
                        (
                            "nonce",
                            models.BigIntegerField(
                                default=council.models.new_nonce, editable=False
                            ),
                        ),
                    ],
                    options={
                        "indexes": [
                            models.Index(fields=["scope", "key", "id"], name="change_stamp_lookup")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
