"""After a benchmark run: is every attempt the client saw submitted in the database once?"""

import json

from django.core.management.base import BaseCommand

from bench.names import QUESTION_COUNT, QUIZ_SLUG, USERNAME_PREFIX
from quiz.models import Attempt, Response


class Command(BaseCommand):
    help = "Compare the attempts the benchmark client submitted with the database."

    def add_arguments(self, parser):
        parser.add_argument("submitted", help="JSON file: [[username, attempt id], ...]")

    def handle(self, *args, submitted, **options):
        with open(submitted) as file:
            seen = [(name, int(pk)) for name, pk in json.load(file)]
        self.stdout.write(json.dumps(compare(seen)))


def compare(seen: list[tuple[str, int]]) -> dict:
    """What the client saw against the benchmark quiz's submitted attempts in the database."""
    trainees_attempts = Attempt.objects.filter(
        user__username__startswith=USERNAME_PREFIX, quiz__slug=QUIZ_SLUG
    )
    submitted = trainees_attempts.filter(status=Attempt.Status.SUBMITTED)
    owner_of = dict(submitted.values_list("pk", "user__username"))
    seen_ids = [pk for _, pk in seen]
    lost = [pk for name, pk in seen if owner_of.get(pk) != name]
    duplicated = len(seen_ids) - len(set(seen_ids))
    not_seen = set(owner_of) - set(seen_ids)
    responses = Response.objects.filter(attempt__in=submitted)
    # The client answers every question; a response with no selection means an answer
    # the page showed but the server did not record.
    unanswered = responses.filter(selections__isnull=True).values("attempt").distinct().count()
    per_attempt = {}
    for attempt_id in responses.values_list("attempt_id", flat=True):
        per_attempt[attempt_id] = per_attempt.get(attempt_id, 0) + 1
    wrong_count = sum(1 for pk in owner_of if per_attempt.get(pk) != QUESTION_COUNT)
    report = {
        "submitted_seen_by_client": len(seen_ids),
        "submitted_in_database": len(owner_of),
        "lost": len(lost),
        "duplicated": duplicated,
        "in_database_but_not_seen": len(not_seen),
        "without_12_responses": wrong_count,
        "with_an_unanswered_question": unanswered,
    }
    report["ok"] = not (lost or duplicated or not_seen or wrong_count or unanswered)
    return report
