import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import quiz.clock


def joined_when_the_group_was_made(apps, schema_editor):
    """Members from before this migration: when they joined was not recorded, and the
    group's own start is the earliest it can have been."""
    Membership = apps.get_model("quiz", "Membership")
    TrainingGroup = apps.get_model("quiz", "TrainingGroup")
    made = TrainingGroup.objects.filter(pk=models.OuterRef("group_id")).values("created_at")
    Membership.objects.update(joined_at=models.Subquery(made[:1]))


class Migration(migrations.Migration):
    """Give the members' table, made by Django for the many-to-many field, a model of its
    own (the same table and columns), then a column for when each member joined."""

    dependencies = [
        ("quiz", "0021_audit_trail_and_trainee_corrections"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "group",
                            models.ForeignKey(
                                db_column="traininggroup_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="quiz.traininggroup",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                db_column="user_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "membership",
                        "verbose_name_plural": "memberships",
                        "db_table": "quiz_traininggroup_members",
                        "unique_together": {("group", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="traininggroup",
                    name="members",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="training_groups",
                        through="quiz.Membership",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="members",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="membership",
            name="joined_at",
            field=models.DateTimeField(default=quiz.clock.now, verbose_name="joined at"),
        ),
        migrations.RunPython(joined_when_the_group_was_made, migrations.RunPython.noop),
    ]
