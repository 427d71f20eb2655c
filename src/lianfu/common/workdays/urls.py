from django.urls import path

from lianfu.common.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_list, name="list"),
    path("<int:year>/", views.calendar_edit, name="edit"),
]
