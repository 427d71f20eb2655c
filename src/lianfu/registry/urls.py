from django.urls import path

from lianfu.registry import views, views_aliases

app_name = "registry"
urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/rejects.xlsx", views.import_report, name="import_report"),
    # Before "<str:uscc>/", which would take "town-aliases" for a credit code.
    path("town-aliases/", views_aliases.town_aliases, name="town_aliases"),
    path("town-aliases/<int:pk>/delete/", views_aliases.delete_town_alias, name="delete_town_alias"),
    path("<str:uscc>/", views.enterprise_detail, name="enterprise_detail"),
    path("<str:uscc>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<str:uscc>/reveal-contact/", views.reveal_contact, name="reveal_contact"),
]
