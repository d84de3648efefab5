"""What the load client (bench/run.py, which does not load Django) and the management
commands that prepare and check its database must agree on."""

QUIZ_SLUG = "bench-12"
# The same questions again, where each trainee leaves an attempt open for the take page
# loaded alone: an attempt in progress at QUIZ_SLUG would make its result pages hold back
# their answers, and so make them cheaper than a real result page.
OPEN_QUIZ_SLUG = "bench-12-open"
QUESTION_COUNT = 12
USERNAME_PREFIX = "bench-trainee-"


def username(n: int) -> str:
    return f"{USERNAME_PREFIX}{n:03d}"
