from django.urls import path

from dangvu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", views.account_security, name="security"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("admin-login/", views.admin_login, name="admin_login"),
]
