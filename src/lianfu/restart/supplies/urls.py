"""Prevention supplies and guides pages (views.py)."""
from django.urls import path

from lianfu.restart.supplies import views

urlpatterns = [
    path("supplies/<str:uscc>/", views.ledger, name="supplies"),
    path("supplies/<str:uscc>/transfer/", views.transfer, name="supplies_transfer"),
    path("guides/<str:uscc>/", views.guides, name="guides"),
    path("guides/<str:uscc>/<int:pk>/", views.guide_download, name="guide_download"),
]
