from django.urls import include, path

from lianfu.chains import hand_off_views, views

app_name = "chains"
urlpatterns = [
    path("", views.chain_list, name="chain_list"),
    path("mine/", views.memberships, name="memberships"),
    path("hand-offs/", hand_off_views.hand_offs, name="hand_offs"),
    path("hand-offs/<str:code>.xlsx", hand_off_views.hand_off_export, name="hand_off_export"),
    path("hand-offs/<str:code>/sent/", hand_off_views.hand_off_sent, name="hand_off_sent"),
    path("hand-offs/<str:code>/<str:uscc>/confirm/", hand_off_views.hand_off_confirm, name="hand_off_confirm"),
    path("", include("lianfu.chains.import_urls")),
    path("<str:uscc>/", views.chain_detail, name="chain_detail"),
    path("<str:uscc>/tree.xlsx", views.tree_export, name="tree_export"),
    path("<str:uscc>/gaps/", views.chain_gaps, name="chain_gaps"),
    path("<str:uscc>/outside/", views.chain_outside, name="chain_outside"),
]
