from django.urls import path

from dangvu.reports import views

app_name = "reports"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("annual/", views.annual, name="annual"),
    path("annual/tai-ve/<str:fmt>/", views.annual_download, name="annual_download"),
    path("template/<str:code>/", views.template_page, name="template"),
    path("template/<str:code>/tai-ve/", views.template_download, name="template_download"),
]
