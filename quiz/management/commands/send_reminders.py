"""Record and queue the training mails due now (reminders and refreshers), and queue again
what a dead worker left (as `deliver_mail` does). Run it hourly from cron or a systemd
timer; a worker (`manage.py db_worker`) sends what it queues."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from quiz.learning.refreshers import record_due_refreshers
from quiz.learning.tasks import enqueue_refreshers, requeue_forgotten_refreshers
from quiz.organisations.services import record_due_reminders
from quiz.organisations.tasks import enqueue_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders, completion mails and refreshers due now; each is sent at most once."
    )

    def handle(self, *args, **options):
        run, recorded = record_due_reminders()
        tasks = enqueue_reminders(run)
        self.stdout.write(f"{recorded} reminder(s) recorded, in {tasks} task(s) queued.")
        run, recorded = record_due_refreshers()
        tasks = enqueue_refreshers(run) + requeue_forgotten_refreshers()
        self.stdout.write(f"{recorded} refresher(s) recorded, in {tasks} task(s) queued.")
        call_command("deliver_mail", stdout=self.stdout)
