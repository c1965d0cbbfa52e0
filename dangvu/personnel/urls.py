from django.urls import path

from dangvu.personnel import views

app_name = "personnel"
urlpatterns = [
    path("committees/", views.committee_list, name="committees"),
    path("committees/new/", views.committee_create, name="committee_create"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("committees/<int:pk>/seat/", views.seat_create, name="seat_create"),
    path("committees/<int:pk>/decision/", views.decision_create, name="decision_create"),
    path("seats/", views.seat_list, name="seats"),
    path("seats/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("acting/", views.acting_list, name="acting"),
    path("acting/new/", views.acting_create, name="acting_create"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/new/", views.evaluation_create, name="evaluation_create"),
    path("conclusions/", views.conclusion_list, name="conclusions"),
    path("conclusions/new/", views.conclusion_create, name="conclusion_create"),
    path("attendances/", views.attendance_list, name="attendances"),
    path("attendances/new/", views.attendance_create, name="attendance_create"),
    path("records/<str:kind>/<int:pk>/", views.record_detail, name="record"),
    path("records/<str:kind>/<int:pk>/end/", views.record_end, name="record_end"),
    path("void/<str:kind>/<int:pk>/", views.void, name="void"),
]
