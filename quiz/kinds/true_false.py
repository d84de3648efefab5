"""True or false: a statement and the two answers, always in that order."""

from django.utils.translation import gettext_lazy as _

from . import register
from .base import QuestionKind


class TrueFalse(QuestionKind):
    name = "true_false"
    label = _("true or false")
    shuffles_choices = False  # a reader expects True, then False


register(TrueFalse())
