app_name = "congresses"
urlpatterns: list = []
