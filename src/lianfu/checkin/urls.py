from django.urls import path

from lianfu.checkin import views_health, views_places

app_name = "entry"

urlpatterns = [
    path("", views_places.place_list, name="places"),
    path("<int:pk>/", views_places.place_detail, name="place"),
    path("<int:pk>/poster.<str:fmt>", views_places.poster, name="poster"),   # fmt: pdf or png (else 404)
    path("<int:pk>/revoke/", views_places.revoke, name="revoke"),
    path("health/", views_health.health_status, name="health"),
    path("health/<int:pk>/decide/", views_health.health_decide, name="health_decide"),
]
