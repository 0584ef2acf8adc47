from django.urls import path

from packs import views

app_name = "packs"

urlpatterns = [
    path("", views.pack_create, name="create"),
    path("<int:pk>/", views.pack_detail, name="detail"),
    path("<int:pk>/download/", views.pack_download, name="download"),
]
