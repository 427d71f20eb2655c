"""Supplier-list import pages, included under /chains/ in the ``chains`` namespace."""
from django.urls import path

from lianfu.chains import import_views

urlpatterns = [
    path("import/template.xlsx", import_views.supplier_template, name="supplier_template"),
    path("import/<int:pk>/", import_views.supplier_import_job, name="supplier_import_job"),
    path("import/<int:pk>/report/", import_views.supplier_import_report, name="supplier_import_report"),
    path("<str:uscc>/import/", import_views.supplier_import, name="supplier_import"),
]
