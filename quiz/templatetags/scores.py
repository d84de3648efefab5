"""The result pages' score filters, kept in quiz/taking/scores.py (Django finds them here)."""

from django import template

from quiz.taking.scores import points, whole_percent

register = template.Library()
register.filter(points)
register.filter(whole_percent)
