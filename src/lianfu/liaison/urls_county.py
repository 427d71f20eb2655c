"""County pages of the liaison app (see liaison/urls.py): the assignment and
its proposals, the rules, the coverage."""
from django.urls import path

from lianfu.liaison import views_assignment, views_coverage, views_rules

urlpatterns = [
    path("assignment/", views_assignment.assignment, name="assignment"),
    path("assignment/progress/", views_assignment.proposal_progress, name="proposal_progress"),
    path("assignment/<int:pk>/", views_assignment.proposal, name="proposal"),
    path("rules/", views_rules.rules, name="rules"),
    path("coverage/", views_coverage.coverage_page, name="coverage"),
]
