"""The production settings plus the benchmark's floor pages (bench/floors.py).

Only bench/run.py uses these settings; training.settings never routes to the floors.
bench/run.py turns DEBUG off and sets a throwaway secret key through the environment, as
`make serve` does, so that everything else is exactly what production runs.

Login throttling (django-axes) is left as it is: it counts failed logins only, per
username or per address (AXES_LOCKOUT_PARAMETERS), and the benchmark's trainees all type
their right password, so however many log in from 127.0.0.1 none is locked out
(tests/bench/test_login.py checks it).
"""

from training.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
