from django.urls import path

from dangvu.congresses import views
from dangvu.congresses.records import CONGRESSES, TERMS
from dangvu.core import records

app_name = "congresses"
urlpatterns: list = [
    path("", records.list_view(CONGRESSES), name="list"),
    path("new/", records.create_view(CONGRESSES), name="plan"),
    path("<int:pk>/", views.congress_detail, name="congress"),
    path("<int:pk>/doi-ngay/", views.reschedule, name="reschedule"),
    path("<int:pk>/dai-bieu/", views.delegates, name="delegates"),
    path("<int:pk>/ket-qua/", views.results, name="results"),
    path("<int:pk>/van-ban/", views.document_create, name="document_create"),
    path("nhiem-ky/", records.list_view(TERMS), name="terms"),
    path("nhiem-ky/new/", records.create_view(TERMS), name="term_create"),
    path("nhiem-ky/<int:pk>/", views.term_detail, name="term"),
    path("to-chuc/<str:code>/", views.organisation_terms, name="organisation"),
    path("void/<str:kind>/<int:pk>/", views.void, name="void"),
]

# The read side: the progress of a congress season and the terms falling due.

from dangvu.congresses import output_views  # noqa: E402

urlpatterns += [
    path("tien-do/", output_views.progress, name="progress"),
    path("den-han/", output_views.due, name="due"),
]
