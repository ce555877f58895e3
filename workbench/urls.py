from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims import api
from claims.forms import AdminLoginForm, LoginForm

admin.site.site_header = "Fact-check workbench administration"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls()),
    path("", include("claims.urls")),
]
