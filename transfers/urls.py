from django.urls import path

from transfers.views import decide, lists, prepare, requests, transfer

app_name = "transfers"

urlpatterns = [
    path("", lists.home, name="home"),
    # Child-in-Need transfers across borders.
    path("cin/start/<int:child_pk>/", prepare.cin_start, name="cin_start"),
    path("cin/<int:pk>/", transfer.cin_detail, name="cin_detail"),
    path("cin/<int:pk>/move/", prepare.cin_move, name="cin_move"),
    path("cin/<int:pk>/family/", prepare.cin_family, name="cin_family"),
    path("cin/<int:pk>/summary/", prepare.cin_summary, name="cin_summary"),
    path("cin/<int:pk>/documents/", prepare.cin_documents, name="cin_documents"),
    path("cin/<int:pk>/documents/<int:document_pk>/", prepare.cin_document, name="cin_document"),
    path("cin/<int:pk>/documents/<int:document_pk>/remove/", prepare.cin_document_remove, name="cin_document_remove"),
    path("cin/<int:pk>/check/", prepare.cin_check, name="cin_check"),
    path("cin/<int:pk>/acknowledge/", decide.cin_acknowledge, name="cin_acknowledge"),
    path("cin/<int:pk>/accept/", decide.cin_accept, name="cin_accept"),
    path("cin/<int:pk>/decline/", decide.cin_decline, name="cin_decline"),
    path("cin/<int:pk>/resolve/", decide.cin_resolve, name="cin_resolve"),
    path("cin/<int:pk>/withdraw/", transfer.cin_withdraw, name="cin_withdraw"),
    path("cin/<int:pk>/family-updates/new/", transfer.cin_family_update, name="cin_family_update"),
    path("cin/<int:pk>/print/", transfer.cin_print, name="cin_print"),
    # A receiving team asks for a transfer.
    path("requests/new/", requests.request_create, name="request_create"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/refer/", requests.request_refer, name="request_refer"),
    path("requests/<int:pk>/decline/", requests.request_decline, name="request_decline"),
]
