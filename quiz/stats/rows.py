"""What the daily summary rows hold (models DailyScores ... DailyPicks), and the days they
are kept by: the local days of settings.TIME_ZONE."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ..models import DailyPicks, DailyQuestionStats, DailyScores, DailyTrainees

# The previous day of a trainee's first submitted attempt at a quiz: before every real day.
NO_PREVIOUS_DAY = date(1, 1, 1)

SUMMARY_MODELS = [DailyScores, DailyTrainees, DailyQuestionStats, DailyPicks]

# DailyPicks.item_key of a choice picked for no matching item.
NO_ITEM = 0

# Each summary table: the columns that name a row, then the counts added up.
KEYS = {
    DailyScores: (["quiz", "day", "percent"], ["attempts", "passed"]),
    DailyTrainees: (["quiz", "day", "previous_day"], ["trainees"]),
    DailyQuestionStats: (
        ["quiz", "day", "question"],
        ["responses", "sum_x", "sum_xx", "sum_s", "sum_ss", "sum_xs"],
    ),
    DailyPicks: (["quiz", "day", "choice", "item_key"], ["picks"]),
}


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first moment of the day and of the next one, in settings.TIME_ZONE."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    return start, timezone.make_aware(datetime.combine(day + timedelta(1), time.min), zone)
