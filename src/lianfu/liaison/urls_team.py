"""team pages of the liaison app (see liaison/urls.py): the list of service
teams and one team's page (views_team.py)."""
from django.urls import path

from lianfu.liaison import views_team

urlpatterns = [
    path("teams/", views_team.team_list, name="teams"),
    path("teams/<int:pk>/", views_team.team_detail, name="team"),
]
