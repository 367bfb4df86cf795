from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("call/<int:child_pk>/", views.meeting_call, name="call"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/change/", views.meeting_change, name="change"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/minutes/", views.meeting_minutes, name="minutes"),
    path("<int:pk>/actions/new/", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/share/", views.minutes_share, name="share"),
]
