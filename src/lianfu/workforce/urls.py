from django.urls import path

from lianfu.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("<int:pk>/", views.worker_detail, name="worker_detail"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/change/", views.change, name="change"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/rejects.xlsx", views.import_report, name="import_report"),
]
