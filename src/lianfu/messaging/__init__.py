"""Messages that leave the app: e-mail, DingTalk and WeCom group robots, text
messages. channels/ sends one rendered message through one channel; delivery.py
queues deliveries inside the caller's transaction and sends each exactly once
as far as the channel allows (the rule is written there).

Who gets what (routing.py, on common's ``notification_committed`` signal):
preferences.py (a user's own choice, the county's default per role, the
built-in one), quiet_hours.py, urgency.py, digest.py (the daily digest) and
groups.py (the robots over the firm or division a notification concerns)."""
