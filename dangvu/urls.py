from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản trị Đảng vụ"
admin.site.site_title = "Đảng vụ"

urlpatterns = [
    path("", include("dangvu.core.urls")),
    path("accounts/", include("dangvu.accounts.urls")),
    path("orgs/", include("dangvu.orgs.urls")),
    path("members/", include("dangvu.members.urls")),
    path("audit/", include("dangvu.audit.urls")),
    path("admin/", admin.site.urls),
]
