"""gunicorn's settings for `make serve` and the benchmark (gunicorn reads this file itself).

Each can be changed from the environment; see README, "Deploying".
"""

import os

wsgi_app = "training.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers, one request at a time each: a page spends most of its time in
# Python, so about two per core keep the cores busy while others wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "sync"
# Requests waiting for a worker queue in the kernel's backlog rather than failing.
backlog = 2048
timeout = 30
graceful_timeout = 20
# Renew workers now and then, at different times, so no leak can grow for ever.
max_requests = 10000
max_requests_jitter = 1000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
# gunicorn's default line, but the path without its query string and no referrer: those
# carry what a log must not keep (a SCORM learner's name, a certificate code looked up).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'
errorlog = "-"
# No control socket: gunicorn's default is one path per system user, so a second server
# (another checkout's `make serve`, or the benchmark) would take it over, and the first to
# stop would delete it. Nothing here uses gunicornc.
control_socket_disable = True
