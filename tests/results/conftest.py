import pytest

from tests.factories import small_quiz


@pytest.fixture
def quiz(db):
    """A single-choice and a two-line matching question: the quiz the results and export
    tests grade attempts at."""
    return small_quiz()
