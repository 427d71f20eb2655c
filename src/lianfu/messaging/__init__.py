"""Messages that leave the app: e-mail, DingTalk and WeCom group robots, text
messages. channels/ sends one rendered message through one channel; delivery.py
queues deliveries inside the caller's transaction and sends each exactly once
as far as the channel allows (the rule is written there).

Who gets what (routing.py, on common's ``notification_committed`` signal):
preferences.py (a user's own choice, the county's default per role, the
built-in one), quiet_hours.py, urgency.py, digest.py (the daily digest) and
groups.py (the robots over the firm or division a notification concerns).

Pages (urls.py, rules.py says who may what): a user's own notification
settings (views_settings.py, with where each value in force comes from:
preferences.sources_for), the county's channels (views_channels.py: its group
robots and defaults per role; views_robots.py: switching a robot off and on
and its test message, robots.py), the delivery log (views_deliveries.py,
sending again what was left for a person: resending.py); their reads are in
queries.py."""
