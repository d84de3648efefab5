from datetime import UTC, date, datetime

import pytest

from tests.conftest import logged_in
from tests.factories import (
    AssignmentFactory,
    QuizFactory,
    TrainingGroupFactory,
    attempt_at,
    make_user,
    staff_in,
)

# The report's "now" in these tests: the assignment below is due December 3, 2026.
DUE_ON = date(2026, 12, 3)


@pytest.fixture
def manager(db):
    """Staff in the "Training manager" group that migration 0010 creates."""
    return staff_in("Training manager", "manager")


@pytest.fixture
def manager_client(manager):
    return logged_in(manager)


@pytest.fixture
def office(db):
    """Field Office 3, assigned a quiz due December 3, 2026: ana passed, ben is midway,
    cy failed once, dee has not started."""
    quiz = QuizFactory(title="Component roles")
    members = {name: make_user(name) for name in ("ana", "ben", "cy", "dee")}
    group = TrainingGroupFactory(name="Field Office 3", members=members.values())
    assignment = AssignmentFactory(group=group, quiz=quiz, due_on=DUE_ON)
    attempt_at(members["ana"], quiz, started_at=datetime(2026, 12, 1, tzinfo=UTC), passed=True)
    attempt_at(members["ben"], quiz, started_at=datetime(2026, 12, 2, tzinfo=UTC))
    attempt_at(members["cy"], quiz, started_at=datetime(2026, 12, 1, tzinfo=UTC), passed=False)
    return assignment
