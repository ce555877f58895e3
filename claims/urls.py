from django.urls import include, path, re_path

from . import library_views, report_views, speaker_views, team_views, views

app_name = "claims"

claim_urls = [
    path("", views.claim_detail, name="claim-detail"),
    path("review/", views.claim_review, name="claim-review"),
    path("notes/", views.claim_note, name="claim-note"),
    path("evidence/", views.claim_evidence, name="claim-evidence"),
    path("originals/", views.claim_originals, name="claim-originals"),
    path("originals/link/", views.claim_original_link, name="claim-original-link"),
    path("evidence/<int:evidence_id>/passage/", views.evidence_passage, name="evidence-passage"),
    path("evidence/<int:evidence_id>/suggestion/", views.evidence_suggestion, name="evidence-suggestion"),
    path("publication/", views.claim_publication, name="claim-publication"),
    path("approve/", team_views.claim_approve, name="claim-approve"),
    path("send-back/", team_views.claim_send_back, name="claim-send-back"),
    path("reuse/", views.claim_reuse, name="claim-reuse"),
]

urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("queue/", views.claim_queue, name="claim-queue"),
    path("search/", views.search_view, name="search"),
    path("queue/assign/", team_views.claim_assign, name="claim-assign"),
    path("queue/mine/", team_views.my_queue, name="my-queue"),
    path("queue/approve/", team_views.approval_queue, name="approval-queue"),
    path("notifications/", team_views.notification_list, name="notification-list"),
    path("dashboard/", team_views.dashboard, name="dashboard"),
    path("articles/import/", views.article_import, name="article-import"),
    path("articles/imports/<int:batch_id>/", views.import_batch, name="import-batch"),
    path("articles/<int:article_id>/", views.article_detail, name="article-detail"),
    path("claims/<int:claim_id>/", include(claim_urls)),
    path("speakers/<int:speaker_id>/", speaker_views.speaker_detail, name="speaker-detail"),
    path("sources/", library_views.source_list, name="source-list"),
    path("sources/search/", views.source_search, name="source-search"),
    path("sources/<int:source_id>/", views.source_detail, name="source-detail"),
    path("sources/<int:source_id>/capture/", views.source_capture, name="source-capture"),
    re_path(r"^export/claims\.(?P<fmt>csv|json|claimreview\.json|html|pdf)$", views.export, name="export"),
    path("reports/", report_views.report_list, name="report-list"),
    path("reports/new", report_views.report_create, name="report-create"),
    path("reports/<uuid:job_id>/", report_views.report_detail, name="report-detail"),
    path("reports/<uuid:job_id>/download", report_views.report_download, name="report-download"),
    # Published claims, for anyone: no sign-in.
    path("public/claims/<uuid:public_id>/", views.public_claim, name="public-claim"),
]
