# The performance packs' models, moved here from plans (plans 0034 renamed their tables):
# the database already holds them, so this only takes them up in Django's state.

import django.db.models.deletion
import packs.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("council", "0007_council_vision_and_values_headings"),
        ("plans", "0034_packs_to_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="PackJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "year",
                            models.PositiveSmallIntegerField(
                                help_text="Start year of the financial year."
                            ),
                        ),
                        ("quarter", models.PositiveSmallIntegerField()),
                        (
                            "scope_label",
                            models.CharField(
                                help_text="What was asked for, e.g. 'All services'.", max_length=300
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Waiting to start"),
                                    ("running", "Being made"),
                                    ("done", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=20,
                            ),
                        ),
                        ("services_total", models.PositiveIntegerField(default=0)),
                        ("services_done", models.PositiveIntegerField(default=0)),
                        ("message", models.TextField(blank=True)),
                        (
                            "file",
                            models.FileField(blank=True, upload_to=packs.models.pack_file_path),
                        ),
                        ("pages", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("heartbeat_at", models.DateTimeField(blank=True, null=True)),
                        ("finishing_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "council",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="council.council",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pack_jobs",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "performance pack",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="PackChapter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField()),
                        ("done", models.BooleanField(default=False)),
                        (
                            "file",
                            models.FileField(blank=True, upload_to=packs.models.chapter_file_path),
                        ),
                        ("pages", models.PositiveIntegerField(default=0)),
                        ("heartbeat_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "plan",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="plans.plan",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="council.service",
                            ),
                        ),
                        (
                            "job",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="chapters",
                                to="packs.packjob",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["job", "position"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="packjob",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["queued", "running", "done", "failed"])),
                        name="packjob_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="packjob",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)),
                        name="packjob_quarter_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="packjob",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("services_done__lte", models.F("services_total"))),
                        name="packjob_progress_in_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="packchapter",
                    constraint=models.UniqueConstraint(
                        fields=("job", "service"), name="packchapter_unique_service"
                    ),
                ),
            ],
        ),
    ]
