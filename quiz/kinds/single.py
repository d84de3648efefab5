"""Single choice: one right answer among several."""

from django.utils.translation import gettext_lazy as _

from . import register
from .base import QuestionKind


class SingleChoice(QuestionKind):
    name = "single"
    label = _("single choice")


register(SingleChoice())
