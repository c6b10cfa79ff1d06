from django.urls import path

from policylib.library import views

app_name = "library"
urlpatterns = [
    path("documents/", views.documents, name="documents"),
    path("documents/recent/", views.recent, name="recent"),
    path("documents/<int:pk>/", views.document, name="document_short"),
    path("documents/<int:pk>/print/", views.document_print, name="print"),
    path("documents/<int:pk>/send/", views.send_this, name="send"),
    path("documents/<int:pk>/upload/", views.upload_files, name="upload"),
    path("documents/<int:pk>/files/<int:file_id>/<str:name>", views.document_file, name="file"),
    path("documents/<int:pk>/<slug:slug>/", views.document, name="document"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("libraries/<slug:slug>/", views.library, name="library"),
    path("references/", views.references, name="references"),
    path("archives/", views.archives, name="archives"),
]
