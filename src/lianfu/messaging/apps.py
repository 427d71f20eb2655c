from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "lianfu.messaging"
    label = "messaging"
    verbose_name = _("Messages out of the app")

    def ready(self):
        from lianfu.common.signals import notification_committed
        from lianfu.messaging.receivers import notifications_out_of_the_app

        notification_committed.connect(notifications_out_of_the_app, dispatch_uid="messaging.notifications_out")
