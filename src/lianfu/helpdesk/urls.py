from django.urls import path

from lianfu.helpdesk import dingtalk, views_board, views_dispatch, views_inbox, views_report, views_ticket

app_name = "helpdesk"
urlpatterns = [
    path("report/", views_report.report_own, name="report"),
    path("report/<str:uscc>/", views_report.report_for, name="report_for"),
    path("dispatch/", views_dispatch.dispatch_queue, name="dispatch"),
    path("dispatch/<int:pk>/", views_dispatch.dispatch_row, name="dispatch_row"),
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("overdue/", views_board.overdue_board, name="overdue"),
    # The domain links notifications to this name.
    path("tickets/<int:pk>/", views_ticket.ticket, name="ticket"),
    path("dingtalk/<int:robot_id>/", dingtalk.callback, name="dingtalk_callback"),
    path("tickets/<int:pk>/files/<int:file_pk>/", views_ticket.attachment, name="attachment"),
]
