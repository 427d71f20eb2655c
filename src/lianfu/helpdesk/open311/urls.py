"""GeoReport v2 resources: ``<resource>.<format>``, as the spec writes them."""
from django.urls import re_path

from lianfu.helpdesk.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>[A-Za-z0-9]+)$"
urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/.]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.service_requests, name="requests"),
    re_path(r"^requests/(?P<pk>[0-9]+)" + FMT, views.service_request, name="request"),
    re_path(r"^tokens/(?P<value>[^/.]+)" + FMT, views.token, name="token"),
    # Anything else under /open311/v2/ is a 404 in the spec's error form, not an HTML page.
    re_path(r"^(?P<path>.*)$", views.unknown),
]
