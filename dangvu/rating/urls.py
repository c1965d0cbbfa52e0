from django.urls import path  # noqa: F401  (the routes follow)

app_name = "rating"
urlpatterns: list = []
