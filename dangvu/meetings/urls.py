app_name = "meetings"
urlpatterns: list = []

# The read side: the quality table of a level and what is due (appended below the pages
# that record meetings).
from django.urls import path  # noqa: E402

from dangvu.meetings import quality_views  # noqa: E402

urlpatterns += [
    path("chat-luong/", quality_views.quality, name="quality"),
    path("chua-sinh-hoat/", quality_views.due, name="due"),
]
