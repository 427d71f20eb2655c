"""Chain progress board pages (views.py)."""
from django.urls import path

from lianfu.restart.boards import views

urlpatterns = [
    path("board/", views.board_list, name="board"),
    path("board/<str:uscc>/", views.chain_board, name="chain_board"),
]
