from django.urls import path

from dangvu.members import unresolved_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("due/", views.due, name="due"),
    path("admit/", views.admit, name="admit"),
    path("existing/", views.record_existing, name="existing"),
    path("transfer-in/", views.transfer_in, name="transfer_in"),
    path("candidates/", views.candidate_list, name="candidates"),
    path("candidates/new/", views.candidate_create, name="candidate_create"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/edit/", views.candidate_edit, name="candidate_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/anh/", views.photo, name="photo"),
    path("chua-khop-danh-muc/", unresolved_views.unresolved, name="unresolved"),
    path("don-vi-hanh-chinh/", views.place_units, name="place_units"),
    path("<int:pk>/reveal/<str:field>/", views.reveal, name="reveal"),
    path("<int:pk>/events/<str:kind>/", views.record_event, name="event"),
    path("events/<int:pk>/void/", views.void_event, name="void"),
]
