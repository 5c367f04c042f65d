"""gunicorn's settings for ``make serve``, read from the app's own settings.

The app is built once in the master and forked (``preload_app``): the schema, the sample data
and the generated secret are made once, not raced by the workers; each worker then drops the
database connections it inherited. ``gthread`` workers keep many viewers' connections open
while a few threads compute.
"""

from __future__ import annotations

from typing import Any

from dashboard.config import Settings

_settings = Settings.load()

bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers
# gthread, with each request read whole on the event loop before a thread takes it: slow
# clients cannot hold the threads (gunicorn_worker.py).
worker_class = "dashboard.server.gunicorn_worker.BufferingThreadWorker"
threads = 8
preload_app = True
backlog = 2048
timeout = 60
graceful_timeout = 30
# Longer than clients keep an idle connection (browsers, proxies: 15 to 60 s), so the client
# closes it first; a server closing it while a request is on its way drops that request.
keepalive = 75
# A worker that served this many requests is replaced (a leak cannot grow for ever); the
# jitter keeps the workers from restarting together. Rarely: each worker keeps the compressed
# static files, the drawn layouts, the answers and the data snapshot, which a new worker has
# to make again (at 500 viewers in 10 s a worker serves about 250 requests a second).
max_requests = 500_000
max_requests_jitter = 50_000
# The access log is the one place client addresses may be written, and only when asked for
# (DIEMTUA_ACCESS_LOG): no query string, user agent or cookie even then.
accesslog = "-" if _settings.access_log else None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = "127.0.0.1,::1"
# One fixed control socket per user would collide when two instances run on one machine.
control_socket_disable = True


def post_fork(server: Any, worker: Any) -> None:
    from dashboard.server.install import after_fork

    after_fork(server.app.wsgi())
