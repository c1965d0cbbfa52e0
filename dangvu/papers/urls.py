from django.urls import path

from dangvu.papers import views

app_name = "papers"
urlpatterns = [
    path("", views.bulk, name="bulk"),
    path("member/<int:pk>/", views.member_papers, name="member"),
    path("issue/<int:pk>/", views.issue, name="issue"),
    path("issue/<int:pk>/tai-ve/<str:fmt>/", views.issue_file, name="issue_file"),
    path("templates/<str:code>/", views.templates, name="templates"),
    path(
        "templates/<str:code>/tai-ve/<str:kind>/",
        views.template_download,
        name="template_download",
    ),
]
