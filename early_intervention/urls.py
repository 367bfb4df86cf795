from django.urls import path

from early_intervention import views

app_name = "early_intervention"

urlpatterns = [
    path("", views.move_list, name="list"),
    path("start/<int:child_pk>/", views.move_start, name="start"),
    path("<int:pk>/", views.move_detail, name="detail"),
    path("<int:pk>/agencies/<int:agency_pk>/contact/", views.agency_contact, name="agency_contact"),
    path("<int:pk>/meeting/", views.meeting, name="meeting"),
    path("<int:pk>/plan-updated/", views.plan_updated, name="plan_updated"),
    path("<int:pk>/plan/new/", views.plan_item_add, name="item_add"),
    path("<int:pk>/plan/<int:item_pk>/done/", views.plan_item_done, name="item_done"),
    path("<int:pk>/records/<int:row_pk>/<str:step>/", views.records_check, name="records"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
