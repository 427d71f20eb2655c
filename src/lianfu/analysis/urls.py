"""The engine's pages, under /chains/ where officers look for them (included
before the chains' own patterns, whose <uscc>/ would otherwise catch them)."""
from django.urls import path

from lianfu.analysis import views, views_single_source

app_name = "analysis"
urlpatterns = [
    path("restart-first/", views.restart_first, name="restart_first"),
    path("restart-first/compute/", views.start_engine, name="start_engine"),
    path("single-source/", views_single_source.single_source, name="single_source"),
    path("alternatives/<str:uscc>/", views.alternatives, name="alternatives"),
    path("<str:uscc>/impact/", views.chain_impact, name="chain_impact"),
]
