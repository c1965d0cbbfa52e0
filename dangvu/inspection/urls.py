from django.urls import path

from dangvu.inspection import views

app_name = "inspection"
urlpatterns = [
    path("", views.inspection_list, name="inspections"),
    path("new/", views.inspection_create, name="inspection_create"),
    path("<int:pk>/", views.inspection_detail, name="inspection"),
    path("<int:pk>/status/", views.inspection_status, name="inspection_status"),
    path("<int:pk>/conclusion/", views.inspection_conclude, name="inspection_conclude"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("discipline/", views.discipline_list, name="disciplines"),
    path("discipline/new/", views.discipline_create, name="discipline_create"),
    path("discipline/<int:pk>/", views.discipline_detail, name="discipline"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/due/", views.complaints_due, name="complaints_due"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("void/<str:kind>/<int:pk>/", views.void, name="void"),
]
