"""visits pages of the liaison app (see liaison/urls.py): record a visit to a
firm or a building, the officer's own visits, one visit and its photos."""
from django.urls import path

from lianfu.liaison import views_visits

urlpatterns = [
    path("visits/", views_visits.my_visits, name="my_visits"),
    path("visits/new/firm/<str:uscc>/", views_visits.visit_firm, name="visit_firm"),
    path("visits/new/building/<int:pk>/", views_visits.visit_building, name="visit_building"),
    path("visits/<int:pk>/", views_visits.visit_detail, name="visit"),
    path("visits/photos/<int:pk>/", views_visits.visit_photo, name="visit_photo"),
]
