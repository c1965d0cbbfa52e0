from django.urls import path

from dangvu.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("list/", views.org_list, name="list"),
    path("lookup/", views.lookup, name="lookup"),
    path("restructurings/", views.restructurings, name="restructurings"),
    path("new/", views.create, name="create"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/children/", views.tree_children, name="children"),
    path("<str:code>/rename/", views.rename, name="rename"),
    path("<str:code>/move/", views.move, name="move"),
    path("<str:code>/convert/", views.convert, name="convert"),
    path("<str:code>/merge/", views.merge, name="merge"),
    path("<str:code>/split/", views.split, name="split"),
    path("<str:code>/dissolve/", views.dissolve, name="dissolve"),
    path("<str:code>/unit-type/", views.unit_type, name="unit_type"),
]
