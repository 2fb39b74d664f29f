from django.urls import path

from . import views

urlpatterns = [
    path("organ/<str:slug>/", views.organ_detalj, name="organ"),
]
