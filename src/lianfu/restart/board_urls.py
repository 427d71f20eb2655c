"""Chain progress board pages (see board_views.py)."""
urlpatterns = []
