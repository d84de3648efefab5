import pytest

from quiz.scorm.services import make_package
from tests.factories import QuizFactory


@pytest.fixture
def package(db):
    """A package of a quiz with a pass mark of 80."""
    return make_package(quiz=QuizFactory(slug="dhs-roles", title="DHS roles", pass_mark=80))
