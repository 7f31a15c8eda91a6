"""The chat API: thin adapters over ``support.services`` / ``support.selectors``."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from landinghub.api.pagination import paginated, paginated_response
from landinghub.api.throttling import UserRateThrottle
from landinghub.api.validation import validated
from support import selectors, services
from support.payloads import message_data, room_data
from support.stats import chat_stats

from . import serializers as s


class ChatMessageThrottle(UserRateThrottle):
    """A flood of messages from one account gets 429 (the bot costs money per message)."""

    scope = "chat_message"

    def get_rate(self) -> str:
        return settings.SUPPORT_MESSAGE_RATE


def _room_response(room, request: Request) -> Response:
    return Response({"room": room_data(room, for_staff=request.user.is_staff)})


class RoomOpenApi(APIView):
    @extend_schema(request=s.RoomOpenInputSerializer, responses={200: s.RoomOpenOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(s.RoomOpenInputSerializer, request.data)
        room = services.room_open(user=request.user, **data)
        messages, has_more = selectors.message_page(
            room=room, actor=request.user, after=None, before=None, limit=50
        )
        return Response(
            {
                "room": room_data(room, for_staff=request.user.is_staff),
                "messages": [message_data(m) for m in messages],
                "has_more": has_more,
            }
        )


class RoomDetailApi(APIView):
    @extend_schema(responses={200: s.RoomEnvelopeOutputSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return _room_response(selectors.room_get_for_actor(actor=request.user, pk=pk), request)


class RoomMessagesApi(APIView):
    def get_throttles(self):
        if self.request.method == "POST":
            return [*super().get_throttles(), ChatMessageThrottle()]
        return super().get_throttles()

    @extend_schema(
        parameters=[s.MessageQuerySerializer], responses={200: s.MessagePageOutputSerializer}
    )
    def get(self, request: Request, pk: int) -> Response:
        query = validated(s.MessageQuerySerializer, request.query_params)
        room = selectors.room_get_for_actor(actor=request.user, pk=pk)
        messages, has_more = selectors.message_page(
            room=room,
            actor=request.user,
            after=query.get("after"),
            before=query.get("before"),
            limit=query["limit"],
        )
        return Response({"messages": [message_data(m) for m in messages], "has_more": has_more})

    @extend_schema(
        request=s.MessageInputSerializer,
        responses={201: s.MessageEnvelopeOutputSerializer, 200: s.MessageEnvelopeOutputSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.MessageInputSerializer, request.data)
        message, created = services.message_send(
            actor=request.user,
            room_id=pk,
            text=data["message"],
            client_id=data["client_id"],
            is_internal=data["is_internal"] and request.user.is_staff,
        )
        return Response(
            {"message": message_data(message)},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class RoomResolveApi(APIView):
    @extend_schema(request=None, responses={200: s.RoomEnvelopeOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return _room_response(services.room_resolve(actor=request.user, room_id=pk), request)


class RoomReadApi(APIView):
    @extend_schema(request=s.ReadInputSerializer, responses={200: s.RoomEnvelopeOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = validated(s.ReadInputSerializer, request.data)
        room = services.room_mark_read(actor=request.user, room_id=pk, up_to=data.get("up_to"))
        return _room_response(room, request)


class RequestAdminApi(APIView):
    @extend_schema(request=s.RoomIdInputSerializer, responses={200: s.RoomEnvelopeOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(s.RoomIdInputSerializer, request.data)
        room = services.room_request_admin(actor=request.user, room_id=data["room_id"])
        return _room_response(room, request)


class AssignApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(request=s.AssignInputSerializer, responses={200: s.RoomEnvelopeOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(s.AssignInputSerializer, request.data)
        room = services.room_assign(
            actor=request.user, room_id=data["room_id"], admin_id=data.get("admin_id")
        )
        return _room_response(room, request)


class AdminRoomsApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        parameters=[s.AdminRoomQuerySerializer],
        responses={200: paginated(s.RoomOutputSerializer, name="AdminRoom")},
    )
    def get(self, request: Request) -> Response:
        query = validated(s.AdminRoomQuerySerializer, request.query_params)
        rooms = selectors.room_list_for_admin(admin=request.user, **query)
        return paginated_response(
            request, self, rooms, s.RoomOutputSerializer, context={"for_staff": True}
        )


class AdminRoomUpdateApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        request=s.RoomUpdateInputSerializer, responses={200: s.RoomEnvelopeOutputSerializer}
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = validated(s.RoomUpdateInputSerializer, request.data)
        return _room_response(services.room_update(actor=request.user, room_id=pk, **data), request)


class AdminStatsApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(responses={200: s.ChatStatsOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(chat_stats())
