from django.urls import path

from lianfu.workforce import views, views_origins, views_positions, views_risk

app_name = "workforce"
urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("<int:pk>/", views.worker_detail, name="worker_detail"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/change/", views.change, name="change"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/rejects.xlsx", views.import_report, name="import_report"),
    # The origin map, the county's risk list and open positions.
    path("origins/", views_origins.origin_map, name="origin_map"),
    path("origins/figures.json", views_origins.origin_figures_view, name="origin_figures"),
    path("origins/maps/<str:code>.json", views_origins.origin_geojson, name="origin_geojson"),
    path("risks/", views_risk.risk_levels, name="risk_levels"),
    path("risks/<int:pk>/", views_risk.risk_edit, name="risk_edit"),
    path("risks/<int:pk>/end/", views_risk.risk_end, name="risk_end"),
    path("risks/import/", views_risk.risk_import, name="risk_import"),
    path("risks/import/<int:pk>/", views_risk.risk_import_job, name="risk_import_job"),
    path("risks/import/<int:pk>/rejects.xlsx", views_risk.risk_import_report, name="risk_import_report"),
    path("positions/", views_positions.positions, name="positions"),
    path("positions/mine/", views_positions.my_positions, name="my_positions"),
    path("positions/firm/<str:uscc>/", views_positions.firm_positions, name="firm_positions"),
    path("positions/<int:pk>/", views_positions.position_edit, name="position_edit"),
    path("positions/<int:pk>/close/", views_positions.position_close, name="position_close"),
]
