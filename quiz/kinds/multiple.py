"""Multiple select: every right answer, and only those, earns the point."""

from django.utils.translation import gettext_lazy as _

from . import register
from .base import QuestionKind


class MultipleSelect(QuestionKind):
    name = "multiple"
    label = _("multiple select")
    hint = _("Select all that apply.")
    input_type = "checkbox"
    many = True


register(MultipleSelect())
