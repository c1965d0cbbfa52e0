from django.urls import path

from dangvu.core import views

app_name = "core"
urlpatterns = [path("", views.home, name="home")]

from dangvu.core import import_views  # noqa: E402

urlpatterns += [
    path("import/", import_views.index, name="import"),
    path("import/jobs/<int:pk>/", import_views.job, name="import_job"),
    path("import/jobs/<int:pk>/commit/", import_views.commit, name="import_commit"),
    path("import/<str:code>/", import_views.upload, name="import_upload"),
    path("import/<str:code>/template/", import_views.template, name="import_template"),
]
