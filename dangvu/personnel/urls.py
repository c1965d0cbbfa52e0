from django.urls import path

from dangvu.core import records
from dangvu.personnel import views
from dangvu.personnel.records import (
    ACTING,
    ATTENDANCES,
    COMMITTEES,
    CONCLUSIONS,
    DECISIONS,
    EVALUATIONS,
    KINDS,
    SEATS,
)

app_name = "personnel"
urlpatterns = [
    path("committees/", records.list_view(COMMITTEES), name="committees"),
    path("committees/new/", records.create_view(COMMITTEES), name="committee_create"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("committees/<int:pk>/seat/", views.seat_create, name="seat_create"),
    path("committees/<int:pk>/decision/", views.decision_create, name="decision_create"),
    path("seats/", records.list_view(SEATS), name="seats"),
    path("seats/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("decisions/", records.list_view(DECISIONS), name="decisions"),
    path("decisions/<int:pk>/", records.detail_view(DECISIONS), name="decision"),
    path("acting/", records.list_view(ACTING), name="acting"),
    path("acting/new/", records.create_view(ACTING), name="acting_create"),
    path("evaluations/", records.list_view(EVALUATIONS), name="evaluations"),
    path("evaluations/new/", records.create_view(EVALUATIONS), name="evaluation_create"),
    path("conclusions/", records.list_view(CONCLUSIONS), name="conclusions"),
    path("conclusions/new/", records.create_view(CONCLUSIONS), name="conclusion_create"),
    path("attendances/", records.list_view(ATTENDANCES), name="attendances"),
    path("attendances/new/", records.create_view(ATTENDANCES), name="attendance_create"),
    path("records/<str:kind>/<int:pk>/", views.record_detail, name="record"),
    path("records/<str:kind>/<int:pk>/end/", views.record_end, name="record_end"),
    path("void/<str:kind>/<int:pk>/", records.void_by_kind(KINDS), name="void"),
]
