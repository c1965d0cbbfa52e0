from django.urls import path

from dangvu.office import plan_views, views

app_name = "office"
urlpatterns = [
    path("commendations/", views.commendation_list, name="commendations"),
    path("commendations/new/", views.commendation_create, name="commendation_create"),
    path("commendations/<int:pk>/", views.commendation_detail, name="commendation"),
    path("mass/", views.massorg_list, name="massorgs"),
    path("mass/new/", views.massorg_create, name="massorg_create"),
    path("mass/congresses/", views.congress_list, name="congresses"),
    path("mass/ratings/", views.rating_list, name="ratings"),
    path("mass/<int:pk>/", views.massorg_detail, name="massorg"),
    path("mass/<int:pk>/congress/", views.congress_create, name="congress_create"),
    path("mass/<int:pk>/rating/", views.rating_create, name="rating_create"),
    path("plans/", plan_views.plan_list, name="plans"),
    path("plans/new/", plan_views.plan_create, name="plan_create"),
    path("plans/actual/", plan_views.plan_actual, name="plan_actual"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan"),
    path("plans/<int:pk>/target/", plan_views.target_create, name="target_create"),
    path("plans/<int:pk>/task/", plan_views.task_create, name="task_create"),
    path("plans/<int:pk>/issue/", plan_views.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/close/", plan_views.plan_close, name="plan_close"),
    path("documents/", plan_views.document_list, name="documents"),
    path("documents/new/", plan_views.document_create, name="document_create"),
    path("documents/next-number/", plan_views.document_next, name="document_next"),
    path("documents/<int:pk>/", plan_views.document_detail, name="document"),
    path("void/<str:kind>/<int:pk>/", views.void, name="void"),
]
