from django.urls import include, path

from lianfu.restart import views_checklist, views_filing, views_prevention, views_restart, views_review, views_survey

app_name = "restart"
urlpatterns = [
    path("survey/<str:uscc>/", views_survey.survey, name="survey"),
    path("package/<str:uscc>/", views_filing.package, name="package"),
    # The domain links notifications to these two names.
    path("filings/<int:pk>/", views_filing.filing, name="filing"),
    path("inspect/<str:uscc>/", views_prevention.inspect, name="inspect"),
    path("review/", views_review.review_queue, name="review"),
    path("review/<int:pk>/", views_review.review_row, name="review_row"),
    path("checklist/<str:uscc>/", views_prevention.self_check, name="checklist"),
    path("inspections/", views_prevention.inspections_due, name="inspections"),
    path("checklist-template/", views_checklist.edit_checklist, name="edit_checklist"),
    path("confirm/<str:uscc>/", views_restart.confirm, name="confirm"),
    path("override/<str:uscc>/", views_restart.override, name="override"),
    path("", include("lianfu.restart.board_urls")),
    path("", include("lianfu.restart.supplies_urls")),
]
