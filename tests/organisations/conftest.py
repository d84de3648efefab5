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

# These tests live on one timeline: the office below is set up on November 26, 2026,
# a week before its due date, December 3; a test moves the clock on from there. (Within
# two weeks of it, so that its staff are still logged in on the days the tests look.)
SET_UP_ON = datetime(2026, 11, 26, 9, tzinfo=UTC)
DUE_ON = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def timeline(time_machine):
    """The clock at SET_UP_ON, whatever the day the tests run: what the fixtures create is
    stamped then, as it would be by a coordinator setting up the training."""
    time_machine.move_to(SET_UP_ON, tick=False)


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


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    """Each test's import files in a folder of its own."""
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "imports")
    return tmp_path / "imports"


@pytest.fixture
def groups(db):
    """The two groups the import tests' files name."""
    return TrainingGroupFactory(name="Field Office 3"), TrainingGroupFactory(name="Night shift")
