"""One clock: the app reads the time only through quiz/clock.py, and what it stamps follows
the clock the tests set."""

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from time_machine import escape_hatch

from quiz import clock
from quiz.models import Assignment, Attempt, Reminder, TrainingGroup
from tests.factories import AssignmentFactory, AttemptFactory, TrainingGroupFactory

# Calls that read the wall clock, as module.function.
WALL_CLOCK_READS = {
    ("timezone", "now"),
    ("timezone", "localtime"),  # with no moment given, it reads the clock
    ("timezone", "localdate"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}
# Where reading the wall clock is the point.
ALLOWED = {
    "quiz/clock.py": "the clock itself",
    "bench/run.py": "the load benchmark stamps its report with the real day it ran",
}


def clock_reads(path: Path) -> list[str]:
    """Each wall-clock read in a module, and each field stamped with the clock on save."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) not in WALL_CLOCK_READS:
                continue
            # localtime(moment) and localdate(moment) convert a moment; only without one
            # do they read the clock.
            if node.func.attr in ("localtime", "localdate") and (node.args or node.keywords):
                continue
            found.append(f"{path}:{node.lineno} {name}.{node.func.attr}()")
        if isinstance(node, ast.keyword) and node.arg in ("auto_now", "auto_now_add"):
            found.append(f"{path}:{node.lineno} {node.arg} (stamps the wall clock, unsettable)")
    return found


def test_the_app_reads_the_time_only_through_its_clock():
    root = Path(settings.BASE_DIR)
    modules = [
        path
        for folder in ("quiz", "bench", "training")
        for path in sorted((root / folder).rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(root)) not in ALLOWED
    ]
    assert len(modules) > 50  # the walk found the app
    reads = [read for path in modules for read in clock_reads(path.relative_to(root))]
    assert reads == []


def test_the_guard_finds_a_wall_clock_read(tmp_path):
    module = tmp_path / "sneaky.py"
    module.write_text(
        "from django.utils import timezone\n"
        "when = timezone.now()\n"
        "local = timezone.localtime(when)\n"  # a conversion: allowed
        "stamp = models.DateTimeField(auto_now_add=True)\n"
    )
    assert [read.split(" ", 1)[1] for read in clock_reads(module)] == [
        "timezone.now()",
        "auto_now_add (stamps the wall clock, unsettable)",
    ]


def test_what_the_app_stamps_follows_the_clock_the_test_sets(db, time_machine):
    moment = datetime(2031, 2, 28, 23, 30, tzinfo=UTC)
    time_machine.move_to(moment, tick=False)
    assignment = AssignmentFactory()
    attempt = AttemptFactory(status=Attempt.Status.IN_PROGRESS)
    reminder = Reminder.objects.create(
        assignment=assignment,
        user=attempt.user,
        stage="due_soon",
        due_on=moment.date(),
        run=uuid4(),
    )
    assert clock.now() == moment
    assert TrainingGroup.objects.get().created_at == moment
    assert Assignment.objects.get().created_at == moment
    assert Attempt.objects.get().started_at == moment
    assert Reminder.objects.get(pk=reminder.pk).created_at == moment


def test_factories_take_their_days_from_the_clock(db, time_machine, settings):
    settings.TIME_ZONE = "America/New_York"
    # 02:00 UTC on March 1 is still February 28 in New York.
    time_machine.move_to(datetime(2031, 3, 1, 2, tzinfo=UTC), tick=False)
    assert clock.today() == datetime(2031, 2, 28).date()
    assert AssignmentFactory().due_on == clock.today() + timedelta(days=30)


def test_a_time_set_by_hand_is_kept(db):
    """The stamps are defaults, not auto_now_add: a factory or an import can set them."""
    earlier = datetime(2020, 1, 1, tzinfo=UTC)
    group = TrainingGroupFactory(created_at=earlier)
    assert TrainingGroup.objects.get(pk=group.pk).created_at == earlier


def test_the_run_is_as_far_ahead_as_it_was_asked(request):
    """`make test-shifted` really moves the clock; a plain run reads the real one."""
    days = request.config.getoption("clock_ahead_days")
    real_now = escape_hatch.datetime.datetime.now if escape_hatch.is_travelling() else datetime.now
    ahead = clock.now() - real_now(UTC)
    assert timedelta(days=days) - timedelta(minutes=1) <= ahead <= timedelta(days=days, hours=1)
