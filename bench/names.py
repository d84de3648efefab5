"""What the load client (bench/run.py, which does not load Django) and the management
commands that prepare and check its database must agree on."""

QUIZ_SLUG = "bench-12"
QUESTION_COUNT = 12
USERNAME_PREFIX = "bench-trainee-"


def username(n: int) -> str:
    return f"{USERNAME_PREFIX}{n:03d}"
