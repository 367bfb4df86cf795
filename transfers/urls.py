from django.urls import path

from transfers import views

app_name = "transfers"

urlpatterns = [
    path("", views.home, name="home"),
    # Child-in-Need transfers across borders.
    path("cin/start/<int:child_pk>/", views.cin_start, name="cin_start"),
    path("cin/<int:pk>/", views.cin_detail, name="cin_detail"),
    path("cin/<int:pk>/move/", views.cin_move, name="cin_move"),
    path("cin/<int:pk>/family/", views.cin_family, name="cin_family"),
    path("cin/<int:pk>/summary/", views.cin_summary, name="cin_summary"),
    path("cin/<int:pk>/documents/", views.cin_documents, name="cin_documents"),
    path("cin/<int:pk>/documents/<int:document_pk>/", views.cin_document, name="cin_document"),
    path("cin/<int:pk>/documents/<int:document_pk>/remove/", views.cin_document_remove, name="cin_document_remove"),
    path("cin/<int:pk>/check/", views.cin_check, name="cin_check"),
    path("cin/<int:pk>/acknowledge/", views.cin_acknowledge, name="cin_acknowledge"),
    path("cin/<int:pk>/accept/", views.cin_accept, name="cin_accept"),
    path("cin/<int:pk>/decline/", views.cin_decline, name="cin_decline"),
    path("cin/<int:pk>/resolve/", views.cin_resolve, name="cin_resolve"),
    path("cin/<int:pk>/withdraw/", views.cin_withdraw, name="cin_withdraw"),
    path("cin/<int:pk>/family-updates/new/", views.cin_family_update, name="cin_family_update"),
    path("cin/<int:pk>/print/", views.cin_print, name="cin_print"),
    # A receiving team asks for a transfer.
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/refer/", views.request_refer, name="request_refer"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
]
