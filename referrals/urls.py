from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.start, name="start"),
    path("children/<int:child_pk>/refer/", views.start, name="start_for_child"),
    path("children/<int:pk>/", views.child_referrals, name="child_referrals"),
    path("<int:pk>/continue/", views.resume, name="resume"),
    path("<int:pk>/child/", views.step_child, name="step_child"),
    path("<int:pk>/child/new/", views.step_child_new, name="step_child_new"),
    path("<int:pk>/child/match/", views.step_child_match, name="step_child_match"),
    path("<int:pk>/concern/", views.step_concern, name="step_concern"),
    path("<int:pk>/family/", views.step_family, name="step_family"),
    path("<int:pk>/agreement/", views.step_consent, name="step_consent"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/sent/", views.sent, name="sent"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/screen/", views.screen_start, name="screen_start"),
    path("<int:pk>/checks/new/", views.screen_check, name="screen_check"),
    path("<int:pk>/outcome/", views.screen_outcome, name="screen_outcome"),
    path("screening/", views.queue, name="queue"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/new/", views.alert_new, name="alert_new"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/child/", views.alert_link_child, name="alert_link_child"),
]
