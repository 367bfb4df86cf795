from django.urls import path

from intelligence import views

app_name = "intelligence"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("queue/", views.queue, name="queue"),
    path("trends/", views.trends_page, name="trends"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/draft/", views.draft, name="draft"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/about/new/", views.subject_add, name="subject_add"),
    path("<int:pk>/about/<int:subject_pk>/remove/", views.subject_remove, name="subject_remove"),
    path("<int:pk>/child/", views.child_find, name="child_find"),
    path("<int:pk>/child/<int:link_pk>/remove/", views.child_unlink, name="child_unlink"),
    path("<int:pk>/assess/", views.assess, name="assess"),
    path("<int:pk>/place/", views.link_place, name="link_place"),
    path("<int:pk>/vehicle/", views.link_vehicle, name="link_vehicle"),
    path("<int:pk>/person/", views.link_person, name="link_person"),
    path("<int:pk>/decision/", views.close, name="close"),
]
