from django.urls import path

from subject_rights import views

app_name = "subject_rights"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("reports/", views.reports, name="reports"),
    path("new/", views.start, name="start"),
    path("new/child/<int:pk>/", views.open_for_child, name="open_for_child"),
    path("new/person/<int:pk>/", views.open_for_person, name="open_for_person"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bundle/", views.bundle, name="bundle"),
    path("<int:pk>/release/", views.release, name="release"),
    path("<int:pk>/released.pdf", views.download, name="download"),
    path("child/<int:pk>/", views.child_rights, name="child_rights"),
]
