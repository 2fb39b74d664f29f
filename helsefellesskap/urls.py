from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import oidc, views

urlpatterns = [
    path("tilgjengelighet/", views.tilgjengelighet, name="tilgjengelighet"),
    path("logg-inn/", views.Login.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("logg-inn/lenke/", views.login_link_request, name="innloggingslenke"),
    path("logg-inn/lenke/sendt/", views.login_link_sent, name="innloggingslenke-sendt"),
    path(
        "logg-inn/lenke/<uidb64>/<token>/",
        views.login_link_use,
        name="innloggingslenke-bruk",
    ),
    path("glemt-passord/", views.PasswordReset.as_view(), name="glemt-passord"),
    path("glemt-passord/sendt/", views.PasswordResetDone.as_view(), name="glemt-passord-sendt"),
    path(
        "nytt-passord/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="nytt-passord",
    ),
    path("nytt-passord/ferdig/", views.PasswordResetComplete.as_view(), name="nytt-passord-ferdig"),
    path("passord/", views.PasswordChange.as_view(), name="passord"),
    path("passord/endret/", views.PasswordChangeDone.as_view(), name="passord-endret"),
    path("invitasjon/<uidb64>/<token>/", views.InvitationAccept.as_view(), name="invitasjon"),
    # Single sign-on (helsefellesskap/oidc.py): 404 unless OpenID Connect is configured. The
    # names are the ones mozilla-django-oidc reverses; the callback's address is registered
    # with the provider.
    path("oidc/authenticate/", oidc.Authenticate.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.Callback.as_view(), name="oidc_authentication_callback"),
    path("admin/", admin.site.urls),
    # The apps, in the direction of their dependencies (core ← moter ← saker ← avtaler |
    # handlingsplan). The front page is moter's: it lists meetings.
    path("", include("moter.urls")),
    path("", include("saker.urls")),
    path("", include("avtaler.urls")),
    path("", include("handlingsplan.urls")),
    path("", include("handlingsplan.arsrapport.urls")),
    path("", include("api.urls")),
]

# Only the site's logo is served from media, by a view that serves that one file; case files go
# through views that check access.
urlpatterns += [path("media/nettsted/<path:path>", views.nettsted_logo, name="nettsted-media")]

handler404 = "helsefellesskap.views.not_found"
handler403 = "helsefellesskap.views.no_tilgang"
handler500 = "helsefellesskap.views.server_error"
