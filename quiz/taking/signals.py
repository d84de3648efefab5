"""What taking tells the layers above it (LTI grades, xAPI statements) without importing
them. Both are sent inside the transaction that writes the attempt, so what a receiver
writes commits or rolls back with it."""

from django.dispatch import Signal

# attempt: the Attempt just created.
attempt_started = Signal()
# attempt: the Attempt just graded; sheet: its list of SheetQuestion, responses graded;
# answers: the Answers it was graded on (what each question was given, or nothing).
attempt_submitted = Signal()
