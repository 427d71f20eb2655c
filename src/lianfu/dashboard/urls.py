from django.urls import path

from lianfu.dashboard import views, views_report

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("report/", views_report.daily_report, name="daily_report"),
]
