from django.urls import path

from dangvu.core import records
from dangvu.meetings import views
from dangvu.meetings.records import MEETINGS

app_name = "meetings"
urlpatterns: list = [
    path("ghi/", views.record, name="record"),
    path("chi-bo/<str:code>/", views.cell, name="cell"),
    path("danh-sach/", records.list_view(MEETINGS), name="meetings"),
    path("<int:pk>/", records.detail_view(MEETINGS), name="meeting"),
    path("<int:pk>/sua/", views.correct, name="correct"),
    path("<int:pk>/huy/", records.void_view(MEETINGS), name="void"),
    path("<int:pk>/bien-ban/", views.minutes_file, name="file"),
]

# The read side

# The read side: the quality table of a level and what is due (appended below the pages
# that record meetings).
from dangvu.meetings import quality_views  # noqa: E402

urlpatterns += [
    path("chat-luong/", quality_views.quality, name="quality"),
    path("chua-sinh-hoat/", quality_views.due, name="due"),
]
