from django.urls import include, path

from lianfu.restart import views

app_name = "restart"
urlpatterns = [
    path("filings/<int:pk>/", views.filing, name="filing"),
    path("inspect/<str:uscc>/", views.inspect, name="inspect"),
    path("", include("lianfu.restart.board_urls")),
    path("", include("lianfu.restart.supplies_urls")),
]
