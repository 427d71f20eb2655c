import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")
django_application = get_wsgi_application()

# The door's scan is answered before Django's stack (checkin/door_fast.py); every other request goes to Django.
from lianfu.checkin.door_fast import DoorFastPath  # noqa: E402  (needs the apps loaded above)
from lianfu.common.serving import Admission, ProductionEnviron, limits  # noqa: E402

application = DoorFastPath(django_application)
# What `lianfu serve --production` (granian) serves: shedding, the proxy's scheme and a
# clean environ around the same application (common/serving.py).
production_application = ProductionEnviron(Admission(application, *limits()))
