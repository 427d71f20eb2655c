from django.urls import path

from lianfu.restart import views

app_name = "restart"
urlpatterns = [
    path("filings/<int:pk>/", views.filing, name="filing"),
    path("inspect/<str:uscc>/", views.inspect, name="inspect"),
]
