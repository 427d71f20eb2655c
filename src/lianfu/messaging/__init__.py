"""Messages that leave the app: e-mail, DingTalk and WeCom group robots, text
messages. channels/ sends one rendered message through one channel; delivery.py
queues deliveries inside the caller's transaction and sends each exactly once
as far as the channel allows (the rule is written there)."""
