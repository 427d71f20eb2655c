"""gunicorn's settings for `lianfu serve --production`, which passes the address
and the number of processes; a hand-run gunicorn can use them too:

    gunicorn -c python:lianfu.gunicorn_conf --bind 127.0.0.1:8000 lianfu.wsgi:application

Behind a reverse proxy on the same host that sets ``X-Forwarded-Proto: https``
gunicorn marks requests secure (its ``forwarded_allow_ips`` default is
127.0.0.1; set ``FORWARDED_ALLOW_IPS`` for a proxy elsewhere).
"""
from gunicorn.glogging import Logger

from lianfu.common.log_redaction import RedactSecrets

wsgi_app = "lianfu.wsgi:application"
# Threads: Django is thread-safe and runserver, which the tests and `make run`
# use, is threaded too; the processes share nothing but the database. The
# worker is gthread that answers 503 + Retry-After instead of queueing without
# bound when overloaded (common/shedding.py; LIANFU_SHED_QUEUE per thread).
worker_class = "lianfu.common.shedding.SheddingThreadWorker"
threads = 4
# Excel exports of a whole county take a while; imports run in the task worker.
timeout = 120
graceful_timeout = 30
# The access log goes to standard output, the error log to standard error.
accesslog = "-"
# A control socket in $HOME would be shared by every gunicorn of this user.
control_socket_disable = True


class RedactingLogger(Logger):
    """gunicorn's logger with the access and error logs passed through the filter
    that replaces API keys and tokens with *** (common/log_redaction.py): the
    access log prints request lines with their query strings."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, RedactSecrets) for f in log.filters):
                log.addFilter(RedactSecrets())


logger_class = RedactingLogger
