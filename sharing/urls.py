from django.urls import path

from sharing.views import advice, agreements, consent, decisions, disclosures, home, identifier, logs, privacy_notices

app_name = "sharing"

urlpatterns = [
    path("", home.home, name="home"),
    path("children/<int:pk>/consent/", consent.child_consent, name="child_consent"),
    path("children/<int:pk>/consent/new/", consent.consent_create, name="consent_create"),
    path("consent/<int:pk>/", consent.consent_detail, name="consent_detail"),
    path("consent/<int:pk>/withdraw/", consent.consent_withdraw, name="consent_withdraw"),
    path("children/<int:pk>/log/", logs.child_log, name="child_log"),
    path("children/<int:pk>/decide/", decisions.decision_start, name="decision_start"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/question/<str:question>/", decisions.decision_question, name="decision_question"),
    path("decisions/<int:pk>/outcome/", decisions.decision_outcome, name="decision_outcome"),
    path("decisions/<int:pk>/advice/", advice.decision_advice, name="decision_advice"),
    path("decisions/<int:pk>/advice/withdraw/", advice.decision_advice_withdraw, name="decision_advice_withdraw"),
    path("decisions/<int:pk>/amend/", decisions.decision_amend, name="decision_amend"),
    path("shared-with-you/", disclosures.disclosure_list, name="disclosure_list"),
    path("shared-with-you/<int:pk>/", disclosures.disclosure_detail, name="disclosure_detail"),
    path("decisions/<int:pk>/withhold/", decisions.decision_withhold, name="decision_withhold"),
    path("without-identifier/", identifier.identifier_report, name="identifier_report"),
    path("log/", logs.organisation_log, name="organisation_log"),
    path("without-consent/", logs.without_consent, name="without_consent"),
    path("agreements/", agreements.agreement_list, name="agreement_list"),
    path("agreements/new/", agreements.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("privacy-notices/", privacy_notices.privacy_notice_list, name="privacy_notice_list"),
    path("privacy-notices/<int:pk>/", privacy_notices.privacy_notice_detail, name="privacy_notice_detail"),
]
