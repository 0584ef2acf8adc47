from django.urls import path

from signin import views

app_name = "signin"

urlpatterns = [
    path("sso/<slug:slug>/", views.sso_start, name="start"),
    path("sso/<slug:slug>/callback/", views.sso_callback, name="callback"),
    path("waiting/", views.waiting, name="waiting"),
]
