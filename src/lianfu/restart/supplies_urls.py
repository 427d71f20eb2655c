"""Prevention supplies and guides pages (see supplies_views.py)."""
urlpatterns = []
