from django.urls import path

from dangvu.education import views

app_name = "education"
urlpatterns = [
    path("classes/", views.class_list, name="classes"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("learners/<int:pk>/complete/", views.learner_complete, name="learner_complete"),
    path("conferences/", views.conference_list, name="conferences"),
    path("conferences/new/", views.conference_create, name="conference_create"),
    path("conferences/<int:pk>/", views.conference_detail, name="conference"),
    path("resolutions/", views.resolution_list, name="resolutions"),
    path("resolutions/new/", views.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution"),
    path("contests/", views.contest_list, name="contests"),
    path("contests/new/", views.contest_create, name="contest_create"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
    path("void/<str:kind>/<int:pk>/", views.void, name="void"),
]
