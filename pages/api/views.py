"""Pages over REST: owner-scoped CRUD, publish/unpublish, leads (JSON and CSV), ZIP export,
image uploads for the builder and the custom domain. Another user's page is a 404 on all."""

from django.http import StreamingHttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from landinghub.api.pagination import paginated, paginated_response
from landinghub.api.validation import validated
from landinghub.exceptions import ApplicationError
from pages import selectors, services
from pages.content import assets
from pages.content.export import page_zip_stream
from pages.content.starters import STARTERS
from pages.domains import custom_domains
from pages.exceptions import DOMAIN_MISSING
from pages.leads.csv_export import leads_csv_response

from .serializers import (
    AssetOutputSerializer,
    DomainInputSerializer,
    DomainOutputSerializer,
    LeadOutputSerializer,
    PageDetailOutputSerializer,
    PageInputSerializer,
    PageOutputSerializer,
    StarterListOutputSerializer,
)


def _page(request: Request, pk: int):
    return selectors.page_get_for_user(user=request.user, page_id=pk)


def _detail(page) -> dict:
    return PageDetailOutputSerializer(
        selectors.page_get_for_user(user=page.owner, page_id=page.pk)
    ).data


class PageListApi(APIView):
    @extend_schema(operation_id="pages_list", responses=paginated(PageOutputSerializer))
    def get(self, request: Request) -> Response:
        pages = selectors.page_list_for_user(user=request.user)
        return paginated_response(request, self, pages, PageOutputSerializer)

    @extend_schema(request=PageInputSerializer, responses={201: PageDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(PageInputSerializer, request.data)
        page = services.page_create(owner=request.user, **data)
        return Response(_detail(page), status=status.HTTP_201_CREATED)


class PageDetailApi(APIView):
    @extend_schema(responses=PageDetailOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(PageDetailOutputSerializer(_page(request, pk)).data)

    @extend_schema(request=PageInputSerializer, responses=PageDetailOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        page = _page(request, pk)
        data = validated(PageInputSerializer, request.data, partial=True)
        fields = {k: v for k, v in data.items() if k != "template"}
        return Response(_detail(services.page_update(page=page, **fields)))

    put = patch

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.page_delete(page=_page(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PagePublishApi(APIView):
    @extend_schema(request=None, responses={202: PageDetailOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        page = services.page_publish(page=_page(request, pk))
        return Response(_detail(page), status=status.HTTP_202_ACCEPTED)


class PageUnpublishApi(APIView):
    @extend_schema(request=None, responses=PageDetailOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return Response(_detail(services.page_unpublish(page=_page(request, pk))))


class PageLeadsApi(APIView):
    @extend_schema(responses=paginated(LeadOutputSerializer))
    def get(self, request: Request, pk: int) -> Response:
        leads = selectors.lead_list_for_page(page=_page(request, pk))
        return paginated_response(request, self, leads, LeadOutputSerializer)


def zip_response(page) -> StreamingHttpResponse:
    response = StreamingHttpResponse(page_zip_stream(page=page), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.zip"'
    return response


class PageLeadsCsvApi(APIView):
    @extend_schema(responses={(200, "text/csv"): bytes})
    def get(self, request: Request, pk: int) -> StreamingHttpResponse:
        return leads_csv_response(_page(request, pk))


class PageExportApi(APIView):
    @extend_schema(responses={(200, "application/zip"): bytes})
    def get(self, request: Request, pk: int) -> StreamingHttpResponse:
        return zip_response(_page(request, pk))


# GrapesJS's asset manager reads ``{"data": [...]}``.
ASSET_LIST = inline_serializer("AssetList", {"data": AssetOutputSerializer(many=True)})


# GrapesJS sends ``files[][]`` (its uploadName ``files[]`` plus ``[]`` for multiUpload).
UPLOAD_FIELDS = ("files[][]", "files[]", "files")


class PageAssetsApi(APIView):
    """GrapesJS asset manager contract: upload ``files[][]`` (or ``files[]``/``files``),
    answer ``{"data": [assets]}``."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=ASSET_LIST)
    def get(self, request: Request, pk: int) -> Response:
        found = selectors.asset_list_for_page(page=_page(request, pk))[:200]
        return Response({"data": AssetOutputSerializer(found, many=True).data})

    @extend_schema(request=None, responses={201: ASSET_LIST})
    def post(self, request: Request, pk: int) -> Response:
        page = _page(request, pk)
        files = next((request.FILES.getlist(f) for f in UPLOAD_FIELDS if f in request.FILES), [])
        stored = assets.asset_upload_many(page=page, uploads=files)
        return Response(
            {"data": AssetOutputSerializer(stored, many=True).data}, status=status.HTTP_201_CREATED
        )


class PageDomainApi(APIView):
    @extend_schema(responses=DomainOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        domain = selectors.domain_get_for_page(page=_page(request, pk))
        if domain is None:
            raise ApplicationError("No domain is connected.", code=DOMAIN_MISSING, status=404)
        return Response(DomainOutputSerializer(domain).data)

    @extend_schema(request=DomainInputSerializer, responses={201: DomainOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        page = _page(request, pk)
        data = validated(DomainInputSerializer, request.data)
        domain = custom_domains.domain_set(page=page, domain=data["domain"])
        return Response(DomainOutputSerializer(domain).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        custom_domains.domain_remove(page=_page(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PageDomainVerifyApi(APIView):
    @extend_schema(request=None, responses=DomainOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        domain = custom_domains.domain_verify(page=_page(request, pk))
        return Response(DomainOutputSerializer(domain).data)


class StarterListApi(APIView):
    @extend_schema(responses={200: StarterListOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(
            {
                "results": [
                    {"key": s.key, "name": str(s.name), "description": str(s.description)}
                    for s in STARTERS
                ]
            }
        )
