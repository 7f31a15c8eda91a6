from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from landinghub.api.pagination import paginated, paginated_json_response, paginated_response
from landinghub.api.validation import validated
from marketplace import listcache, selectors, services
from marketplace.filters import ListingFilterSerializer
from marketplace.permissions import IsStaff

from .serializers import (
    CategorySerializer,
    LikeOutputSerializer,
    ListingCardSerializer,
    ListingCreateInputSerializer,
    ListingDetailSerializer,
    ListingInputSerializer,
    ListingOutputSerializer,
    ListingViewerDetailSerializer,
    ReviewInputSerializer,
    RevisionSerializer,
    ScreenshotSerializer,
    ScreenshotUploadSerializer,
    SellerListingSerializer,
    ViewerSerializer,
)


def _fields(data: dict) -> services.ListingFields:
    return services.ListingFields(
        title=data["title"],
        description=data.get("description", ""),
        category=data["category"],
        price=data["price"],
        tags=data.get("tags", []),
    )


def _seller_response(request: Request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    listing = selectors.listing_get_for_seller(seller=request.user, listing_id=pk)
    return Response(
        SellerListingSerializer(listing, context={"request": request}).data, status=status_code
    )


class ListingListCreateApi(APIView):
    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(
        operation_id="marketplace_list",
        parameters=[ListingFilterSerializer],
        responses={200: paginated(ListingOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        params = validated(ListingFilterSerializer, request.query_params)
        filters = selectors.ListingFilters(**params)
        key = listcache.list_cache_key(
            params={
                **params,
                "page": request.query_params.get("page", ""),
                "page_size": request.query_params.get("page_size", ""),
            },
            host=request.get_host(),
        )
        cached = listcache.list_cache_get(key)
        if isinstance(cached, bytes):
            return HttpResponse(cached, content_type="application/json")
        if cached is not None:
            return Response(cached)
        # PostgreSQL: the page's JSON comes back from the database (marketplace.cardjson).
        pages = selectors.listing_cards_json_public(filters=filters)
        if pages is not None:
            response = paginated_json_response(request, self, pages)
            listcache.list_cache_set(key, response.content)
            return response
        results = selectors.listing_results_public(filters=filters)
        response = paginated_response(
            request, self, results, ListingCardSerializer, context={"request": request}
        )
        listcache.list_cache_set(key, response.data)
        return response

    @extend_schema(request=ListingCreateInputSerializer, responses={201: SellerListingSerializer})
    def post(self, request: Request) -> Response:
        data = validated(ListingCreateInputSerializer, request.data)
        listing = services.listing_create(
            seller=request.user,
            page_id=data["page_id"],
            fields=_fields(data),
        )
        return _seller_response(request, listing.pk, status.HTTP_201_CREATED)


class ListingDetailApi(APIView):
    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(responses={200: ListingViewerDetailSerializer})
    def get(self, request: Request, pk: int) -> Response:
        listing = selectors.listing_get_visible(listing_id=pk, user=request.user)
        viewer = selectors.listing_viewer_get(listing=listing, user=request.user)
        if viewer.is_seller:
            response = _seller_response(request, pk)
        else:
            if listing.status == listing.Status.ACTIVE:
                services.listing_view_hit(listing_id=pk)
            response = Response(ListingDetailSerializer(listing, context={"request": request}).data)
        if request.user.is_authenticated:
            response.data["viewer"] = ViewerSerializer(viewer).data
        if request.user.is_authenticated and request.user.is_staff:
            # What a reviewer judges, and the ``revision`` its review must name.
            pending = selectors.listing_pending_revision(listing=listing)
            response.data["pending_revision"] = (
                RevisionSerializer(pending).data if pending else None
            )
        return response

    @extend_schema(request=ListingInputSerializer, responses={200: SellerListingSerializer})
    def put(self, request: Request, pk: int) -> Response:
        listing = selectors.listing_get_for_seller(seller=request.user, listing_id=pk)
        data = validated(ListingInputSerializer, request.data)
        services.listing_update(listing=listing, fields=_fields(data))
        return _seller_response(request, pk)

    @extend_schema(request=ListingInputSerializer, responses={200: SellerListingSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        listing = selectors.listing_get_for_seller(seller=request.user, listing_id=pk)
        if not isinstance(request.data, dict):
            raise ValidationError(
                {"non_field_errors": [_("Send a JSON object of the fields to change.")]}
            )
        current = {
            "title": listing.title,
            "description": listing.description,
            "category": listing.category.slug,
            "price": listing.price,
            "tags": [t.name for t in listing.tags.all()],
        }
        data = validated(ListingInputSerializer, {**current, **request.data})
        services.listing_update(listing=listing, fields=_fields(data))
        return _seller_response(request, pk)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        listing = selectors.listing_get_for_seller(seller=request.user, listing_id=pk)
        deleted = services.listing_withdraw(listing=listing)
        if deleted:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _seller_response(request, pk)


class MyListingsApi(APIView):
    @extend_schema(responses={200: paginated(SellerListingSerializer)})
    def get(self, request: Request) -> Response:
        qs = selectors.listing_list_for_seller(seller=request.user)
        return paginated_response(
            request, self, qs, SellerListingSerializer, context={"request": request}
        )


class ListingSubmitApi(APIView):
    @extend_schema(request=None, responses={200: SellerListingSerializer})
    def post(self, request: Request, pk: int) -> Response:
        listing = selectors.listing_get_for_seller(seller=request.user, listing_id=pk)
        services.listing_submit(listing=listing)
        return _seller_response(request, pk)


class ListingReviewApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(request=ReviewInputSerializer, responses={200: ListingDetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = validated(ReviewInputSerializer, request.data)
        listing = selectors.listing_get_for_review(listing_id=pk)
        services.listing_review(
            listing=listing,
            reviewer=request.user,
            approve=data["decision"] == "approve",
            revision_number=data["revision"],
            reason=data["reason"],
            note=data["note"],
        )
        listing = selectors.listing_get_visible(listing_id=pk, user=request.user)
        return Response(ListingDetailSerializer(listing, context={"request": request}).data)


class ListingLikeApi(APIView):
    @extend_schema(request=None, responses={200: LikeOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        listing = selectors.listing_get_visible(listing_id=pk, user=None)
        liked, likes = services.listing_like_toggle(listing=listing, user=request.user)
        return Response({"liked": liked, "likes": likes})


class ListingScreenshotsApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request=ScreenshotUploadSerializer, responses={201: ScreenshotSerializer})
    def post(self, request: Request, pk: int) -> Response:
        listing = selectors.listing_get_for_seller(seller=request.user, listing_id=pk)
        data = validated(ScreenshotUploadSerializer, request.data)
        shot = services.screenshot_add(listing=listing, data=data["image"].read())
        return Response(
            ScreenshotSerializer(shot, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ListingScreenshotDeleteApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, shot_id: int) -> Response:
        listing = selectors.listing_get_for_seller(seller=request.user, listing_id=pk)
        services.screenshot_delete(listing=listing, screenshot_id=shot_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CategoryListApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = None

    @extend_schema(
        responses={200: CategorySerializer(many=True)},
        parameters=[OpenApiParameter("page", exclude=True)],
    )
    def get(self, request: Request) -> Response:
        return Response(CategorySerializer(selectors.category_list(), many=True).data)
