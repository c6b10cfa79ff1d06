from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Library administration"
admin.site.site_title = "Library administration"
admin.site.index_title = "Manage the library"

# A busy database answers 503 "try again", a full disk 507 (policylib.errors).
handler500 = "policylib.errors.server_error"

urlpatterns = [
    path("", include("policylib.pages.urls")),
    path("", include("policylib.library.urls")),
    path("search/", include("policylib.search.urls")),
    path("agreements/", include("policylib.agreements.urls")),
    path("delegations/", include("policylib.delegations.urls")),
    path("development/", include("policylib.reviews.urls")),
    path("", include("policylib.versions.urls")),
    path("", include("policylib.subscriptions.urls")),
    path("api/", include("policylib.api.urls")),
    path("", include("policylib.feeds.urls")),
    path("accounts/", include("policylib.accounts.urls")),
    path("audit/", include("policylib.audit.urls")),
    path("admin/", admin.site.urls),
]
