from django.urls import path

from lianfu.workforce import views_trips

app_name = "trips"
urlpatterns = [
    path("", views_trips.plans, name="plans"),
    path("ours/", views_trips.our_trips, name="ours"),
    path("plans/<int:pk>/", views_trips.plan_detail, name="plan"),
    path("<int:pk>/action/", views_trips.trip_action, name="action"),
    path("<int:pk>/manifest.xlsx", views_trips.manifest, name="manifest"),
]
