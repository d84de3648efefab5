"""What each trainee knew before the lesson and after it, one row per trainee and objective
(models.Gain): written by the pre-check (before) and by the first graded attempt submitted
after it (after), so the gain report averages rows whose number does not grow with the
attempts."""

from decimal import Decimal

from django.db.models import Case, DecimalField, Value, When
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from ..models import Attempt, Gain, Quiz, Response


def record_before(*, user, quiz: Quiz, known: dict[int, bool], at) -> list[Gain]:
    """The pre-check's result: for each objective id, whether its item was answered right."""
    return Gain.objects.bulk_create(
        Gain(user=user, quiz=quiz, objective_id=objective_id, before=right, measured_at=at)
        for objective_id, right in sorted(known.items())
    )


def record_after(attempt: Attempt, points: dict[int, Decimal]) -> int:
    """Fill `after` from the first graded attempt since the pre-check; one UPDATE, which
    changes nothing for a trainee without a pre-check or with `after` already filled.

    points: the attempt's points for each objective id it asked."""
    if not points:
        return 0
    after = Case(
        *(When(objective_id=pk, then=Value(p)) for pk, p in points.items()),
        output_field=DecimalField(max_digits=6, decimal_places=3),
    )
    return Gain.objects.filter(
        user_id=attempt.user_id,
        quiz_id=attempt.quiz_id,
        objective_id__in=points,
        after__isnull=True,
        measured_at__lte=attempt.started_at,
    ).update(after=after, after_attempt=attempt)


def objective_points(attempt: Attempt) -> dict[int, Decimal]:
    """The attempt's points for each objective it asked (one question each)."""
    rows = Response.objects.filter(attempt=attempt, question__objective__isnull=False)
    return dict(rows.values_list("question__objective_id", "points"))


def before_of(*, user, quiz: Quiz) -> dict[int, bool]:
    """The trainee's pre-check: for each objective id, whether they knew it. One query."""
    return dict(Gain.objects.filter(user=user, quiz=quiz).values_list("objective_id", "before"))


def has_prechecked(*, user, quiz: Quiz) -> bool:
    return Gain.objects.filter(user=user, quiz=quiz).exists()


@receiver(pre_delete, sender=Attempt, dispatch_uid="gains_forget_deleted_attempt")
def forget_deleted_attempt(sender, instance: Attempt, **kwargs) -> None:
    """An attempt deleted in the admin no longer counts as "after": the next graded
    attempt since the pre-check, if any, takes its place."""
    rows = Gain.objects.filter(after_attempt=instance)
    measured_at = rows.values_list("measured_at", flat=True).first()
    if measured_at is None:
        return
    rows.update(after=None, after_attempt=None)
    following = (
        Attempt.objects.filter(
            user_id=instance.user_id,
            quiz_id=instance.quiz_id,
            status=Attempt.Status.SUBMITTED,
            started_at__gte=measured_at,
        )
        .exclude(pk=instance.pk)
        .order_by("submitted_at", "pk")
        .first()
    )
    if following is not None:
        record_after(following, objective_points(following))
