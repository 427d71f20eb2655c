from django.urls import path

from lianfu.helpdesk import views

app_name = "helpdesk"
urlpatterns = [
    # The domain links notifications to this name.
    path("tickets/<int:pk>/", views.ticket, name="ticket"),
]
