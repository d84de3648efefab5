"""The quiz list: one listing per quiz, the ones assigned to the trainee first."""

from dataclasses import dataclass, field

from ..models import Quiz
from ..organisations.selectors import TraineeAssignment


@dataclass
class Listing:
    """A quiz as its card shows it, with the trainee's assignments of it (from any group)."""

    quiz: Quiz
    assignments: list[TraineeAssignment] = field(default_factory=list)


def listings_of(quizzes, assignments: list[TraineeAssignment]) -> list[Listing]:
    """Each quiz once: the assigned ones first, most urgent first (the order the
    assignments come in), then the others in the list's own order. No query."""
    by_quiz = {quiz.pk: Listing(quiz) for quiz in quizzes}
    assigned = []
    for item in assignments:
        listing = by_quiz.get(item.assignment.quiz_id)
        if listing is None:
            continue
        if not listing.assignments:
            assigned.append(listing)
        listing.assignments.append(item)
    return assigned + [listing for listing in by_quiz.values() if not listing.assignments]
