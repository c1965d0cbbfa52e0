from django.contrib import admin
from django.urls import include, path

from dangvu.accounts import views as accounts_views

admin.site.site_header = "Quản trị Đảng vụ"
admin.site.site_title = "Đảng vụ"
# Django's default ("Site administration", in Vietnamese "Site quản trị hệ thống") would
# repeat "Quản trị" under the header.
admin.site.index_title = "Danh mục dữ liệu"

urlpatterns = [
    path("", include("dangvu.core.urls")),
    path("accounts/", include("dangvu.accounts.urls")),
    path("orgs/", include("dangvu.orgs.urls")),
    path("members/", include("dangvu.members.urls")),
    path("audit/", include("dangvu.audit.urls")),
    path("reports/", include("dangvu.reports.urls")),
    path("office/", include("dangvu.office.urls")),
    path("education/", include("dangvu.education.urls")),
    path("inspection/", include("dangvu.inspection.urls")),
    path("personnel/", include("dangvu.personnel.urls")),
    path("dues/", include("dangvu.dues.urls")),
    path("rating/", include("dangvu.rating.urls")),
    path("meetings/", include("dangvu.meetings.urls")),
    path("congresses/", include("dangvu.congresses.urls")),
    path("transit/", include("dangvu.transit.urls")),
    path("papers/", include("dangvu.papers.urls")),
    path("vocab/", include("dangvu.vocab.urls")),
    path("stats/", include("dangvu.stats.urls")),
    path("exchange/", include("dangvu.exchange.urls")),
    # The admin signs in through the application's page: locks and the second step apply.
    path("admin/login/", accounts_views.admin_login),
    path("admin/", admin.site.urls),
]
