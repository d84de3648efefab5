"""The review pages' template tags, kept in quiz/review/tags.py (Django finds them here)."""

from quiz.review.tags import register  # noqa: F401
