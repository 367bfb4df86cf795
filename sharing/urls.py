from django.urls import path

from sharing import views

app_name = "sharing"

urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:pk>/consent/", views.child_consent, name="child_consent"),
    path("children/<int:pk>/consent/new/", views.consent_create, name="consent_create"),
    path("consent/<int:pk>/", views.consent_detail, name="consent_detail"),
    path("consent/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("children/<int:pk>/log/", views.child_log, name="child_log"),
    path("children/<int:pk>/decide/", views.decision_start, name="decision_start"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/question/<str:question>/", views.decision_question, name="decision_question"),
    path("decisions/<int:pk>/outcome/", views.decision_outcome, name="decision_outcome"),
    path("decisions/<int:pk>/advice/", views.decision_advice, name="decision_advice"),
    path("decisions/<int:pk>/amend/", views.decision_amend, name="decision_amend"),
    path("log/", views.organisation_log, name="organisation_log"),
    path("without-consent/", views.without_consent, name="without_consent"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("privacy-notices/", views.privacy_notice_list, name="privacy_notice_list"),
    path("privacy-notices/<int:pk>/", views.privacy_notice_detail, name="privacy_notice_detail"),
]
