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

from dangvu.core import output_views  # noqa: E402

urlpatterns += [
    path("viec-dang-chay/", output_views.jobs, name="output_jobs"),
    path("viec-dang-chay/<int:pk>/", output_views.job, name="output_job"),
    path("viec-dang-chay/<int:pk>/tai-ve/", output_views.job_file, name="output_job_file"),
]
