from django.urls import path

from dangvu.office import views

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
    path("void/<str:kind>/<int:pk>/", views.void, name="void"),
]
