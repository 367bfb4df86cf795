"""The core's pages: children, people, dashboards, the review queue, notifications and escalations."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import TemplateView

from portal import health, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("children/", views.child_list, name="child_list"),
    path("children/new/", views.child_create, name="child_create"),
    path("children/<int:pk>/", views.child_detail, name="child_detail"),
    path("children/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("children/<int:pk>/access/", views.child_access, name="child_access"),
    path("children/<int:pk>/access-log/", views.child_access_log, name="child_access_log"),
    path("children/<int:pk>/timeline/", views.child_timeline, name="child_timeline"),
    path("children/<int:pk>/involved/", views.child_involved, name="child_involved"),
    path("children/<int:pk>/family/", views.child_family, name="child_family"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("emergency-access/", views.emergency_access, name="emergency_access"),
    path("review/", views.review_queue, name="review_queue"),
    path("children/<int:pk>/allocate/", views.child_allocate, name="child_allocate"),
    path("children/<int:pk>/people/new/", views.person_add, name="person_add"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("escalations/", views.escalation_list, name="escalation_list"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation_detail"),
    path(
        "accessibility/",
        login_not_required(TemplateView.as_view(template_name="portal/accessibility.html")),
        name="accessibility",
    ),
]
