from django.urls import path

from lianfu.messaging import views_channels, views_deliveries, views_dingtalk, views_robots, views_settings

app_name = "messaging"

urlpatterns = [
    path("settings/", views_settings.settings_page, name="settings"),
    path("settings/dingtalk/code/", views_dingtalk.link_code, name="dingtalk_code"),
    path("settings/dingtalk/unlink/", views_dingtalk.unlink, name="dingtalk_unlink"),
    path("channels/", views_channels.channels, name="channels"),
    path("channels/defaults/", views_channels.role_default, name="role_default"),
    path("channels/robots/<int:pk>/active/", views_robots.robot_active, name="robot_active"),
    path("channels/robots/<int:pk>/test/", views_robots.robot_test, name="robot_test"),
    path("channels/robots/<int:pk>/messages/", views_dingtalk.robot_messages, name="robot_messages"),
    path("deliveries/", views_deliveries.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/send-again/", views_deliveries.delivery_send_again, name="send_again"),
]
