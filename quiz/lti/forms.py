from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Quiz

NO_QUIZ_PICKED = _("Choose the quiz to add to the course.")


class PickForm(forms.Form):
    """The deep-linking picker: one published quiz for the course."""

    quiz = forms.ModelChoiceField(
        label=_("Quiz"),
        queryset=Quiz.objects.filter(is_published=True).order_by("position", "title"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": NO_QUIZ_PICKED, "invalid_choice": NO_QUIZ_PICKED},
    )
