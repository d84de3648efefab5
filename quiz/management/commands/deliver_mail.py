"""Queue again the mail, LTI grades and xAPI statements a dead worker or a lost task left
behind.
Run it every ten minutes from cron or a systemd timer; `send_reminders` runs it too."""

from django.core.management.base import BaseCommand

from quiz.lti.tasks import requeue_forgotten as requeue_forgotten_grades
from quiz.organisations.tasks import requeue_forgotten_reminders
from quiz.outbox.tasks import requeue_forgotten
from quiz.xapi.tasks import requeue_forgotten as requeue_forgotten_statements


class Command(BaseCommand):
    help = (
        "Queue again every mail, reminder, LTI grade and xAPI statement no worker took in "
        "time; each goes once."
    )

    def handle(self, *args, **options):
        mails = requeue_forgotten()
        tasks = requeue_forgotten_reminders()
        grades = requeue_forgotten_grades()
        statements = requeue_forgotten_statements()
        self.stdout.write(
            f"{mails} mail(s), {tasks} reminder task(s), {grades} LTI grade(s) and "
            f"{statements} xAPI statement(s) queued again."
        )
