"""What the app stores, one module per domain. Everything is named here too, so the rest of
the app (and the migrations) import models from `quiz.models` whatever module holds them."""

from .attempts import Attempt, Certificate, Response, Selection
from .learning import Practice, Refresher, RefresherOptOut
from .lti import Grade, Launch, UsedNonce
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
from .scorm import ScormLearner, ScormPackage
from .statistics import DailyPicks, DailyQuestionStats, DailyScores, DailyTrainees, Gain
from .xapi import Statement

__all__ = [
    "Grade",
    "Launch",
    "ScormLearner",
    "ScormPackage",
    "Statement",
    "UsedNonce",
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
    "Gain",
    "Mail",
    "Membership",
    "MatchItem",
    "NaturalKeyManager",
    "Objective",
    "Passage",
    "Practice",
    "Question",
    "Quiz",
    "Release",
    "ReleasePart",
    "Refresher",
    "RefresherOptOut",
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
