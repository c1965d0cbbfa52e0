from django.urls import path

from dangvu.core import records
from dangvu.rating import views
from dangvu.rating.records import MEMBER_RATINGS, ORG_RATINGS

app_name = "rating"
urlpatterns: list = [
    path("dot/", views.rounds, name="rounds"),
    path("dot/<int:pk>/", views.round_page, name="round"),
    path("chi-bo/<str:code>/", views.cell, name="cell"),
    path("quyet-dinh/<str:code>/", views.decide, name="decide"),
    path("to-chuc/<str:code>/", views.organisations, name="organisations"),
    path("dang-vien/", records.list_view(MEMBER_RATINGS), name="member_ratings"),
    path("dang-vien/<int:pk>/", records.detail_view(MEMBER_RATINGS), name="member"),
    path("dang-vien/<int:pk>/sua/", views.member_correct, name="member_correct"),
    path("to-chuc-dang/", records.list_view(ORG_RATINGS), name="org_ratings"),
    path("to-chuc-dang/<int:pk>/", records.detail_view(ORG_RATINGS), name="organisation"),
    path("to-chuc-dang/<int:pk>/sua/", views.org_correct, name="org_correct"),
]

# The read side: the results of a level, the members by grade, and what is due.
from dangvu.rating import output_views  # noqa: E402

urlpatterns += [
    path("ket-qua/", output_views.results, name="results"),
    path("theo-muc/", output_views.by_grade, name="by_grade"),
    path("chua-xep-loai/", output_views.due, name="due"),
]
