from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("", views.review, name="review"),
    path("items/<int:pk>/hold/", views.hold_place, name="hold_place"),
    path("holds/", views.hold_list, name="holds"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
    path("reports/", views.reports, name="reports"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
]
