from django.urls import path

from lianfu.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/rejects.xlsx", views.import_report, name="import_report"),
    path("<str:uscc>/", views.enterprise_detail, name="enterprise_detail"),
    path("<str:uscc>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<str:uscc>/reveal-contact/", views.reveal_contact, name="reveal_contact"),
]
