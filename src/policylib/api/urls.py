from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from policylib.api import views
from policylib.api.reviews import views as reviews

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("documents", views.DocumentViewSet, basename="document")
router.register("libraries", views.LibraryViewSet, basename="library")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("offices", views.OfficeViewSet, basename="office")
router.register("subjects", views.SubjectViewSet, basename="subject")
router.register("types", views.DocumentTypeViewSet, basename="type")
router.register("drafts", reviews.DraftViewSet, basename="draft")
router.register("periods", reviews.PeriodViewSet, basename="period")
router.register("office-reviews", reviews.OfficeReviewViewSet, basename="office-review")
router.register("comments", reviews.CommentViewSet, basename="comment")

urlpatterns = [
    path("v1/search/", views.SearchView.as_view(), name="search"),
    path("v1/my-reviews/", reviews.MyReviewsView.as_view(), name="my-reviews"),
    path(
        "v1/documents/<int:pk>/check-out/",
        reviews.CheckOutView.as_view(),
        name="document-check_out",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    # Last: any other address under /api/ (ending in a slash, so Django's APPEND_SLASH still
    # redirects a missing slash first) is a 404 problem.
    re_path(r"^.*/$", views.NotFoundView.as_view(), name="not-found"),
]
