from django.urls import path

from dangvu.exchange import views

app_name = "exchange"
urlpatterns = [
    path("dang-vien/<int:pk>/goi-ho-so/", views.export, name="export"),
    path("nhan-goi-ho-so/", views.receive, name="receive"),
    path("khoa-tin-cay/", views.trusted, name="trusted"),
]
