"""Prevention supplies and guides pages (see supplies_views.py)."""
from django.urls import path

from lianfu.restart import supplies_views

urlpatterns = [
    path("supplies/<str:uscc>/", supplies_views.ledger, name="supplies"),
    path("supplies/<str:uscc>/transfer/", supplies_views.transfer, name="supplies_transfer"),
    path("guides/<str:uscc>/", supplies_views.guides, name="guides"),
    path("guides/<str:uscc>/<int:pk>/", supplies_views.guide_download, name="guide_download"),
]
