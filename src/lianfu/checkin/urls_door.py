from django.urls import path

from lianfu.checkin import views_door

app_name = "checkin"

urlpatterns = [
    path("<str:token>/", views_door.door, name="door"),
    path("<str:token>/identify/", views_door.identify_device, name="identify"),
]
