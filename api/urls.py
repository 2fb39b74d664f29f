from django.urls import path, re_path

from .views import api, not_found

urlpatterns = [
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="api-ukjent"),
]
