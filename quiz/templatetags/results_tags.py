"""The results admin's template tags, kept in quiz/results/tags.py (Django finds them here)."""

from quiz.results.tags import register  # noqa: F401
