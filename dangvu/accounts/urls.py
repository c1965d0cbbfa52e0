from django.urls import path

from dangvu.accounts import digest_views, user_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", views.account_security, name="security"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("digest/", digest_views.digest_settings, name="digest"),
    path("admin-login/", views.admin_login, name="admin_login"),
    path("users/", user_views.users, name="users"),
    path("users/<int:pk>/", user_views.user, name="user"),
    path("users/<int:pk>/active/", user_views.set_active, name="user_active"),
    path("roles/<int:pk>/revoke/", user_views.revoke, name="role_revoke"),
]
