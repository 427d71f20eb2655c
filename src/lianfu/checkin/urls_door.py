from django.urls import path

from lianfu.checkin import views_door

app_name = "checkin"

urlpatterns = [
    path("screen/<str:key>/", views_door.door_screen, name="screen"),
    path("<str:token>/", views_door.door, name="door"),
    path("<str:token>/identify/", views_door.identify_device, name="identify"),
]
