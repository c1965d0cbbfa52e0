from django.urls import path

from dangvu.core import records
from dangvu.transit import views
from dangvu.transit.records import (
    ANNOUNCEMENTS,
    ATTENDEES,
    CONFIRMATIONS,
    KINDS,
    TEMPORARY_DUES,
)

app_name = "transit"
urlpatterns = [
    path("", views.due, name="due"),
    path("chuyen-di/<int:pk>/xac-nhan/", views.confirm, name="confirm"),
    path("xac-nhan/", records.list_view(CONFIRMATIONS), name="confirmations"),
    path("xac-nhan/<int:pk>/", records.detail_view(CONFIRMATIONS), name="confirmation"),
    path("chuyen-den/", records.list_view(ANNOUNCEMENTS), name="announcements"),
    path("chuyen-den/moi/", records.create_view(ANNOUNCEMENTS), name="announcement_create"),
    path("chuyen-den/<int:pk>/", records.detail_view(ANNOUNCEMENTS), name="announcement"),
    path("chuyen-den/<int:pk>/tiep-nhan/", views.receive, name="receive"),
    path("chuyen-den/<int:pk>/khong-den/", views.not_coming, name="not_coming"),
    path("chuyen-den/<int:pk>/khop/", views.link, name="link"),
    path("tam-thoi/", records.list_view(ATTENDEES), name="attendees"),
    path("tam-thoi/moi/", records.create_view(ATTENDEES), name="attendee_create"),
    path("tam-thoi/<int:pk>/", records.detail_view(ATTENDEES), name="attendee"),
    path("tam-thoi/<int:pk>/thoi/", views.end, name="end"),
    path("dang-phi/", records.list_view(TEMPORARY_DUES), name="dues_payments"),
    path("dang-phi/moi/", records.create_view(TEMPORARY_DUES), name="dues_payment_create"),
    path("dang-phi/<int:pk>/", records.detail_view(TEMPORARY_DUES), name="dues_payment"),
    path("huy/<str:kind>/<int:pk>/", records.void_by_kind(KINDS), name="void"),
]
