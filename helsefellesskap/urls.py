from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from . import views

urlpatterns = [
    path("", views.forside, name="forside"),
    path("logg-inn/", views.Innlogging.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # The apps, in the direction of their dependencies (core ← moter ← saker).
    path("", include("moter.urls")),
    path("", include("saker.urls")),
]

# Only the site's own branding is served straight from media; case files go through views
# that check access.
urlpatterns += [
    path(
        "media/nettsted/<path:path>",
        serve,
        {"document_root": Path(settings.MEDIA_ROOT) / "nettsted"},
        name="nettsted-media",
    )
]

handler404 = "helsefellesskap.views.ikke_funnet"
handler403 = "helsefellesskap.views.ingen_tilgang"
handler500 = "helsefellesskap.views.serverfeil"
