from django.urls import path

from lianfu.projects import views, views_import, views_leaders

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_add, name="add"),
    path("leaders/", views_leaders.leaders, name="leaders"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/updates/", views.record_update, name="record_update"),
    path("import/", views_import.import_upload, name="import"),
    path("import/<int:pk>/", views_import.import_job, name="import_job"),
    path("import/<int:pk>/rejects.xlsx", views_import.import_report, name="import_report"),
]
