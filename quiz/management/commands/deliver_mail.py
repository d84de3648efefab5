"""Queue again the mail a dead worker or a lost task left behind. Run it every ten
minutes from cron or a systemd timer; `send_reminders` runs it too."""

from django.core.management.base import BaseCommand

from quiz.organisations.tasks import requeue_forgotten_reminders
from quiz.outbox.tasks import requeue_forgotten


class Command(BaseCommand):
    help = "Queue again every mail and reminder no worker took in time; each goes once."

    def handle(self, *args, **options):
        mails = requeue_forgotten()
        tasks = requeue_forgotten_reminders()
        self.stdout.write(f"{mails} mail(s) and {tasks} reminder task(s) queued again.")
