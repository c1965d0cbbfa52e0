from django.urls import path

from dangvu.vocab import views

app_name = "vocab"
urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi-hanh-chinh/", views.units, name="units"),
    path("<str:vocabulary>/", views.values, name="values"),
    path("<str:vocabulary>/them/", views.add, name="add"),
    path("gia-tri/<int:pk>/ngung/", views.retire, name="retire"),
]
