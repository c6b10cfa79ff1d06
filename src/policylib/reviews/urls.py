from django.urls import path

from policylib.reviews import views

app_name = "reviews"
urlpatterns = [
    path("my-reviews/", views.dashboard, name="dashboard"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/new/", views.new_draft, name="new"),
    path("revise/<int:pk>/", views.check_out, name="check_out"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft"),
    path("drafts/<int:pk>/edit/", views.edit_draft, name="edit"),
    path("drafts/<int:pk>/files/<int:file_id>/<str:name>", views.draft_file, name="file"),
    path("drafts/<int:pk>/cancel/", views.cancel_check_out, name="cancel"),
    path("drafts/<int:pk>/history/compare/", views.compare_saves, name="compare_saves"),
    path("drafts/<int:pk>/comment-period/", views.open_period, name="open_period"),
    path("drafts/<int:pk>/send/", views.send_for_concurrence, name="send"),
    path("drafts/<int:pk>/concurrence/", views.concurrence, name="concurrence"),
    path("drafts/<int:pk>/approval/", views.approval, name="approval"),
    path("drafts/<int:pk>/issue/", views.issue, name="issue"),
    path("periods/<int:pk>/", views.period, name="period"),
    path("periods/<int:pk>/matrix/", views.matrix, name="matrix"),
    path("periods/<int:pk>/matrix/print/", views.matrix_print, name="matrix_print"),
    path("periods/<int:pk>/matrix.xlsx", views.matrix_xlsx, name="matrix_xlsx"),
    path("periods/<int:pk>/matrix.csv", views.matrix_csv, name="matrix_csv"),
    path("office-reviews/<int:pk>/", views.office_review, name="office_review"),
    path("office-reviews/<int:pk>/assign/", views.assign, name="assign"),
    path("office-reviews/<int:pk>/comment/", views.add_comment, name="comment"),
    path("office-reviews/<int:pk>/done/", views.complete_assignment, name="complete"),
    path("office-reviews/<int:pk>/position/", views.position, name="position"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/drop/", views.drop_comment, name="drop_comment"),
    path("comments/<int:pk>/merge/", views.merge_comment, name="merge_comment"),
    path("comments/<int:pk>/answer/", views.answer_comment, name="answer"),
]
