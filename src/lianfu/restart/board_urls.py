"""Chain progress board pages (see board_views.py)."""
from django.urls import path

from lianfu.restart import board_views

urlpatterns = [
    path("board/", board_views.board_list, name="board"),
    path("board/<str:uscc>/", board_views.chain_board, name="chain_board"),
]
