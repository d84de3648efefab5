from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportPeriodForm(forms.Form):
    """The submitted-date range of the item-analysis report; both ends optional."""

    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("First day included."),
    )
    submitted_to = forms.DateField(
        label=_("Submitted to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Last day included."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first day is after the last day."))
        if (end and end >= date.max) or (start and start >= date.max):
            raise forms.ValidationError(_("Choose dates before the year 9999."))
        return cleaned
