"""lianfu messaging send [--once] [--interval SECONDS]
lianfu messaging digest [--date YYYY-MM-DD]

send: sends the due deliveries: once (for cron, or a timer every minute) or in a
loop until stopped (SIGTERM or Ctrl-C finishes the delivery in hand first). The
task worker (`lianfu db_worker`) sends each delivery as it is queued and each
retry when due; this command also settles what a killed worker left "sending".

digest: queues the daily digest of a day (default today) for the users who chose
it (cron once a day, e.g. at 17:30); a second run for the same day queues nothing."""
import signal
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from lianfu.messaging.digest import send_digests
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
        digest = actions.add_parser(
            "digest", help="queue the daily digest",
            description="Queues, for each user who chose the daily digest, one message per channel with their "
                        "unread notifications of the day. Never twice for a user and a day.")
        digest.add_argument("--date", dest="day", default="", help="the day, YYYY-MM-DD (default: today)")

    def handle(self, *args, action, **options):
        if action == "digest":
            self._digest(options["day"])
        else:
            self._send(options["once"], options["interval"])

    def _digest(self, day: str) -> None:
        try:
            chosen = date.fromisoformat(day) if day else None
        except ValueError:
            raise CommandError(f"--date {day!r}: expected YYYY-MM-DD") from None
        run = send_digests(chosen)
        self.stdout.write(f"messaging digest: {run.queued:,} queued for {run.users:,} users")

    def _send(self, once: bool, interval: float) -> None:
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
