from django.urls import path

from dangvu.core import records
from dangvu.dues import output_views, views
from dangvu.dues.records import BASES, PAYMENTS, REMITTANCES

app_name = "dues"
urlpatterns = [
    path("thu/", views.collect, name="collect"),
    path("thu/<str:code>/", views.month, name="month"),
    path("bases/", records.list_view(BASES), name="bases"),
    path("bases/new/", records.create_view(BASES), name="basis_create"),
    path("bases/<int:pk>/", records.detail_view(BASES), name="basis"),
    path("payments/", records.list_view(PAYMENTS), name="payments"),
    path("payments/new/", records.create_view(PAYMENTS), name="payment_create"),
    path("payments/<int:pk>/", records.detail_view(PAYMENTS), name="payment"),
    path("remittances/", records.list_view(REMITTANCES), name="remittances"),
    path("remittances/new/", records.create_view(REMITTANCES), name="remittance_create"),
    path("remittances/<int:pk>/", records.detail_view(REMITTANCES), name="remittance"),
    path("remittances/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("void/<str:kind>/<int:pk>/", views.void, name="void"),
    path("no/", output_views.due, name="due"),
    path("so/<str:code>/", output_views.cell_book, name="book"),
    path("bao-cao/", output_views.level_report, name="report"),
]
