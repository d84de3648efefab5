"""What the app stores, one module per domain. Everything is named here too, so the rest of
the app (and the migrations) import models from `quiz.models` whatever module holds them."""

from .attempts import Attempt, Certificate, Response, Selection
from .mail import Mail
from .organisations import (
    Assignment,
    Extension,
    Membership,
    Reminder,
    Trainee,
    TrainingGroup,
    validate_time_zone,
)
from .quizzes import (
    Choice,
    MatchItem,
    Objective,
    Question,
    Quiz,
    answer_key_prefetches,
    new_content_version,
)
from .release import (
    Component,
    ComponentRole,
    Fact,
    NaturalKeyManager,
    Passage,
    Release,
    ReleasePart,
    Role,
)
from .statistics import DailyPicks, DailyQuestionStats, DailyScores, DailyTrainees

__all__ = [
    "Assignment",
    "Attempt",
    "Certificate",
    "Choice",
    "Component",
    "ComponentRole",
    "DailyPicks",
    "DailyQuestionStats",
    "DailyScores",
    "DailyTrainees",
    "Extension",
    "Fact",
    "Mail",
    "Membership",
    "MatchItem",
    "NaturalKeyManager",
    "Objective",
    "Passage",
    "Question",
    "Quiz",
    "Release",
    "ReleasePart",
    "Reminder",
    "Response",
    "Role",
    "Selection",
    "Trainee",
    "TrainingGroup",
    "answer_key_prefetches",
    "new_content_version",
    "validate_time_zone",
]
