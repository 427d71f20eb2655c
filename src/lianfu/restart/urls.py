from django.urls import include, path

from lianfu.restart.views import checklist, filing, prevention, restart, review, survey

app_name = "restart"
urlpatterns = [
    path("survey/<str:uscc>/", survey.survey, name="survey"),
    path("package/<str:uscc>/", filing.package, name="package"),
    # The domain links notifications to these two names.
    path("filings/<int:pk>/", filing.filing, name="filing"),
    path("inspect/<str:uscc>/", prevention.inspect, name="inspect"),
    path("review/", review.review_queue, name="review"),
    path("review/<int:pk>/", review.review_row, name="review_row"),
    path("checklist/<str:uscc>/", prevention.self_check, name="checklist"),
    path("inspections/", prevention.inspections_due, name="inspections"),
    path("checklist-template/", checklist.edit_checklist, name="edit_checklist"),
    path("confirm/<str:uscc>/", restart.confirm, name="confirm"),
    path("override/<str:uscc>/", restart.override, name="override"),
    path("", include("lianfu.restart.boards.urls")),
    path("", include("lianfu.restart.supplies.urls")),
]
