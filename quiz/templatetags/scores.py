"""The score filters, kept in quiz/scores.py (Django finds them here): every template
writes a score through them."""

from django import template

from quiz.scores import points, whole_percent

register = template.Library()
register.filter(points)
register.filter(whole_percent)
