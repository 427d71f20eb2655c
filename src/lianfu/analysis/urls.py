"""The engine's pages, under /chains/ where officers look for them (included
before the chains' own patterns, whose <uscc>/ would otherwise catch them)."""
from django.urls import path

from lianfu.analysis import views, views_drills, views_single_source

app_name = "analysis"
urlpatterns = [
    path("restart-first/", views.restart_first, name="restart_first"),
    path("restart-first/compute/", views.start_engine, name="start_engine"),
    path("single-source/", views_single_source.single_source, name="single_source"),
    path("drills/", views_drills.drill_list, name="drills"),
    path("drills/new/", views_drills.drill_new, name="drill_new"),
    path("drills/compare/", views_drills.drill_compare, name="drill_compare"),
    path("drills/<int:pk>/", views_drills.drill_detail, name="drill"),
    path("drills/<int:pk>/delete/", views_drills.drill_delete, name="drill_delete"),
    path("alternatives/<str:uscc>/", views.alternatives, name="alternatives"),
    path("<str:uscc>/impact/", views.chain_impact, name="chain_impact"),
]
