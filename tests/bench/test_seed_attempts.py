"""seed_attempts, the benchmark's data: submitted attempts graded as the app grades them."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from bench.management.commands import seed_attempts
from quiz.models import Attempt, Response, Selection


def test_seeded_attempts_are_complete_and_graded_consistently(content):
    call_command(seed_attempts.Command(), count=40, quiz="component-roles", trainees=5, verbosity=0)
    attempts = Attempt.objects.filter(quiz=content["component-roles"]).annotate(
        responses_count=Count("responses"), points=Sum("responses__points")
    )
    assert attempts.count() == 40
    assert attempts.values("user").distinct().count() <= 5
    questions = content["component-roles"].questions.filter(is_active=True).count()
    for attempt in attempts:
        assert attempt.status == Attempt.Status.SUBMITTED
        assert attempt.responses_count == questions
        assert attempt.score == attempt.points
        assert attempt.percent == (attempt.score * 100 / attempt.max_score).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        assert attempt.passed == (attempt.percent >= 80)
        assert attempt.started_at < attempt.submitted_at
    # Start times are spread out, not all stamped with the moment of seeding.
    assert len({a.started_at.date() for a in attempts}) > 5
    # Scores spread out too, and a select-all question's answers hold several picks.
    assert len({a.percent for a in attempts}) > 5
    select_all = Selection.objects.filter(response__question__kind="multiple")
    assert select_all.values("response").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not Response.objects.filter(points__isnull=True).exists()


def test_seeding_an_unknown_quiz_is_refused(db):
    with pytest.raises(CommandError, match="No quiz 'nope'"):
        call_command(seed_attempts.Command(), count=1, quiz="nope")
