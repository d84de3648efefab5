"""What the app stores, one module per domain. Everything is named here too, so the rest of
the app (and the migrations) import models from `quiz.models` whatever module holds them."""

from .attempts import Attempt, Certificate, Response, Selection
from .content import (
    Choice,
    Component,
    ComponentRole,
    Fact,
    MatchItem,
    NaturalKeyManager,
    Objective,
    Passage,
    Question,
    Quiz,
    Release,
    ReleasePart,
    Role,
    answer_key_prefetches,
    new_content_version,
)
from .organisations import Assignment, Reminder, Trainee, TrainingGroup, validate_time_zone
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
    "Fact",
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
