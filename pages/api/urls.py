from landinghub.api.routes import api_path

from . import views

PK = r"pages/(?P<pk>[0-9]+)"

urlpatterns = [
    api_path("pages", views.PageListApi.as_view(), "pages"),
    api_path("pages/templates", views.StarterListApi.as_view(), "page-templates"),
    api_path(PK, views.PageDetailApi.as_view(), "page-detail"),
    # Publishing keeps the seed's documented route and URL name ("deploy" is the old word).
    api_path(rf"{PK}/deploy", views.PagePublishApi.as_view(), "page-deploy"),
    api_path(rf"{PK}/unpublish", views.PageUnpublishApi.as_view(), "page-unpublish"),
    api_path(rf"{PK}/leads", views.PageLeadsApi.as_view(), "page-leads"),
    api_path(rf"{PK}/leads\.csv", views.PageLeadsCsvApi.as_view(), "page-leads-csv"),
    api_path(rf"{PK}/export", views.PageExportApi.as_view(), "page-export"),
    api_path(rf"{PK}/assets", views.PageAssetsApi.as_view(), "page-assets"),
    api_path(rf"{PK}/domain", views.PageDomainApi.as_view(), "page-domain"),
    api_path(rf"{PK}/domain/verify", views.PageDomainVerifyApi.as_view(), "page-domain-verify"),
]
