from django.urls import path

from referrals.views import alerts, child, consent, drafts, referral, screening

app_name = "referrals"

urlpatterns = [
    path("", referral.home, name="home"),
    path("new/", drafts.start, name="start"),
    path("children/<int:child_pk>/refer/", drafts.start, name="start_for_child"),
    path("children/<int:pk>/", referral.child_referrals, name="child_referrals"),
    path("<int:pk>/continue/", drafts.resume, name="resume"),
    path("<int:pk>/child/", child.step_child, name="step_child"),
    path("<int:pk>/child/new/", child.step_child_new, name="step_child_new"),
    path("<int:pk>/child/match/", child.step_child_match, name="step_child_match"),
    path("<int:pk>/concern/", drafts.step_concern, name="step_concern"),
    path("<int:pk>/family/", drafts.step_family, name="step_family"),
    path("<int:pk>/agreement/", consent.step_consent, name="step_consent"),
    path("<int:pk>/check/", drafts.check, name="check"),
    path("<int:pk>/sent/", drafts.sent, name="sent"),
    path("<int:pk>/", referral.detail, name="detail"),
    path("<int:pk>/screen/", screening.screen_start, name="screen_start"),
    path("<int:pk>/checks/new/", screening.screen_check, name="screen_check"),
    path("<int:pk>/outcome/", screening.screen_outcome, name="screen_outcome"),
    path("screening/", screening.queue, name="queue"),
    path("alerts/", alerts.alert_list, name="alert_list"),
    path("alerts/new/", alerts.alert_new, name="alert_new"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/child/", alerts.alert_link_child, name="alert_link_child"),
]
