from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("", views.return_list, name="return_list"),
    path("new/", views.return_create, name="return_create"),
    path("<int:pk>/", views.return_detail, name="return_detail"),
    path("<int:pk>/lock/", views.return_lock_view, name="return_lock"),
    path("<int:pk>/unlock/", views.return_unlock_view, name="return_unlock"),
    path("<int:pk>/services/<int:service_pk>/", views.service_return, name="service_return"),
    path(
        "<int:pk>/services/<int:service_pk>/review/",
        views.service_return_review,
        name="service_return_review",
    ),
]
