from django.urls import path

from dangvu.reports import issued_views, views

app_name = "reports"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("annual/", views.annual, name="annual"),
    path("annual/tai-ve/<str:fmt>/", views.annual_download, name="annual_download"),
    path("template/<str:code>/", views.template_page, name="template"),
    path("template/<str:code>/tai-ve/", views.template_download, name="template_download"),
    path("issue/<str:code>/", issued_views.issue, name="issue"),
    path("issued/", issued_views.issued_register, name="issued"),
    path("issued/<int:pk>/", issued_views.issued_detail, name="issued_detail"),
    path("issued/<int:pk>/tai-ve/<str:fmt>/", issued_views.issued_file, name="issued_file"),
]
