from django.contrib import admin
from django.urls import include, path

from lianfu.api import api
from lianfu.common.notification_views import notifications, notifications_read
from lianfu.common.views import activity
from lianfu.helpdesk import views_needs
from lianfu.home import home

admin.site.site_header = "链复 lianfu"
admin.site.site_title = "链复 lianfu"

urlpatterns = [
    path("", home, name="home"),
    path("activity/", activity, name="activity"),
    path("overview/", include("lianfu.dashboard.urls")),
    path("notifications/", notifications, name="notifications"),
    path("notifications/read/", notifications_read, name="notifications_read"),
    path("calendar/", include("lianfu.common.workdays.urls")),
    path("accounts/", include("lianfu.accounts.urls")),
    path("enterprises/", include("lianfu.registry.urls")),
    path("chains/", include("lianfu.analysis.urls")),
    # A chain's needs list is the helpdesk's tickets seen from the chain: wired
    # here, so that chains need not know the helpdesk.
    path("chains/<str:uscc>/needs/", views_needs.chain_needs, name="chain_needs"),
    path("chains/", include("lianfu.chains.urls")),
    path("restart/", include("lianfu.restart.urls")),
    path("helpdesk/", include("lianfu.helpdesk.urls")),
    path("projects/", include("lianfu.projects.urls")),
    path("liaison/", include("lianfu.liaison.urls")),
    path("workers/trips/", include("lianfu.workforce.urls_trips")),
    path("workers/", include("lianfu.workforce.urls")),
    path("e/", include("lianfu.checkin.urls_door")),
    path("entry/", include("lianfu.checkin.urls")),
    path("messaging/", include("lianfu.messaging.urls")),
    path("open311/v2/", include("lianfu.helpdesk.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
