"""lianfu messaging send [--once] [--interval SECONDS]

Sends the due deliveries: once (for cron, or a timer every minute) or in a loop
until stopped (SIGTERM or Ctrl-C finishes the delivery in hand first). The task
worker (`lianfu db_worker`) sends each delivery as it is queued and each retry
when due; this command also settles what a killed worker left "sending"."""
import signal
import time

from django.core.management.base import BaseCommand

from lianfu.messaging.sending import send_due


class Command(BaseCommand):
    help = "Messages out of the app: send the due deliveries (e-mail, group robots, text messages)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser(
            "send", help="send every due delivery",
            description="Sends every due delivery, retries those whose time has come and settles those a "
                        "killed worker left sending. --once: one pass, then exit (cron).")
        send.add_argument("--once", action="store_true", help="one pass, then exit")
        send.add_argument("--interval", type=float, default=15.0,
                          help="seconds between passes without --once (default: 15)")

    def handle(self, *args, action, once, interval, **options):
        if once:
            self._report(send_due())
            return
        stopping = []
        for stop_signal in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stop_signal, lambda *_args: stopping.append(True))
        while not stopping:
            outcomes = send_due()
            if outcomes:
                self._report(outcomes)
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, interval))

    def _report(self, outcomes) -> None:
        parts = [f"{outcomes[name]:,} {name}" for name in
                 ("sent", "failed", "dead", "deferred", "stale_resent", "stale_unknown", "stale_dead")]
        self.stdout.write("messaging: " + ", ".join(parts))
