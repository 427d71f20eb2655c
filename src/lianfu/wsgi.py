import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")
django_application = get_wsgi_application()

# The door's scan is answered before Django's stack (checkin/door_fast.py); every other request goes to Django.
from lianfu.checkin.door_fast import DoorFastPath  # noqa: E402  (needs the apps loaded above)

application = DoorFastPath(django_application)
