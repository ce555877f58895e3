"""The app's URLs plus one view that fails, to see what an htmx request
that fails on the server shows."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("the view broke")


urlpatterns = [
    path("", include("workbench.urls")),
    path("broken/", broken, name="broken"),
]
