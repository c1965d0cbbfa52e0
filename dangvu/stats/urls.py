from django.urls import path

from dangvu.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("tai-ve/", views.workbook, name="workbook"),
    path("<str:code>/", views.table, name="table"),
    path("<str:code>/tai-ve/", views.download, name="download"),
]
