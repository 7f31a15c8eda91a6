from rest_framework import serializers

from support.models import ChatMessage, ChatRoom
from support.payloads import message_data, room_data


class RoomOpenInputSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    context = serializers.DictField(required=False, default=dict)

    def validate_context(self, value: dict) -> dict:
        if len(str(value)) > 2000:
            raise serializers.ValidationError("Too large.")
        return value


class MessageInputSerializer(serializers.Serializer):
    # Length and emptiness are checked by the service (one rule for REST and the admin).
    message = serializers.CharField(trim_whitespace=False, allow_blank=True, max_length=100_000)
    client_id = serializers.RegexField(
        r"^[A-Za-z0-9_.:-]{1,64}$", required=False, allow_blank=True, default=""
    )
    is_internal = serializers.BooleanField(required=False, default=False)


class MessageQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(required=False, min_value=0)
    before = serializers.IntegerField(required=False, min_value=1)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=50)


class RoomIdInputSerializer(serializers.Serializer):
    room_id = serializers.IntegerField(min_value=1)


class ReadInputSerializer(serializers.Serializer):
    up_to = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The last message id the reader has seen; later ones stay unread. "
        "Without it, everything is marked read.",
    )


class AssignInputSerializer(RoomIdInputSerializer):
    admin_id = serializers.IntegerField(required=False, min_value=1, allow_null=True)


class RoomUpdateInputSerializer(serializers.Serializer):
    priority = serializers.ChoiceField(choices=ChatRoom.Priority.choices, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, max_length=10
    )


class AdminRoomQuerySerializer(serializers.Serializer):
    status = serializers.CharField(required=False, default="", allow_blank=True)
    priority = serializers.CharField(required=False, default="", allow_blank=True)
    assignee = serializers.ChoiceField(
        choices=["mine", "unassigned", "all"], required=False, default="all"
    )
    search = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)

    def _choices(self, value: str, allowed: list[str]) -> str:
        parts = [p for p in value.split(",") if p]
        if any(p not in allowed for p in parts):
            raise serializers.ValidationError(f"Choose from {', '.join(allowed)}.")
        return ",".join(parts)

    def validate_status(self, value: str) -> str:
        return self._choices(value, ChatRoom.Status.values)

    def validate_priority(self, value: str) -> str:
        return self._choices(value, ChatRoom.Priority.values)


# The answers. ``support.payloads`` renders rooms and messages (the socket events send the same
# shapes); these serializers describe them for the schema and render them through it.


class PersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MessageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    room_id = serializers.IntegerField()
    sender_type = serializers.ChoiceField(choices=ChatMessage.SenderType.choices)
    sender = PersonOutputSerializer(allow_null=True)
    message = serializers.CharField()
    message_type = serializers.ChoiceField(choices=ChatMessage.MessageType.choices)
    attachments = serializers.JSONField()
    is_internal = serializers.BooleanField()
    read = serializers.BooleanField()
    client_id = serializers.CharField()
    created_at = serializers.DateTimeField()

    def to_representation(self, instance: ChatMessage) -> dict:
        return message_data(instance)


class RoomOutputSerializer(serializers.Serializer):
    """A room; the fields marked ``required=False`` are there for staff only."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ChatRoom.Status.choices)
    subject = serializers.CharField()
    admin = PersonOutputSerializer(allow_null=True)
    handoff_requested = serializers.BooleanField()
    unread_count_user = serializers.IntegerField()
    version = serializers.IntegerField()
    last_message_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    user = PersonOutputSerializer(required=False)
    user_email = serializers.EmailField(required=False)
    priority = serializers.ChoiceField(choices=ChatRoom.Priority.choices, required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    context = serializers.DictField(required=False)
    unread_count_admin = serializers.IntegerField(required=False)
    handoff_requested_at = serializers.DateTimeField(allow_null=True, required=False)
    assigned_at = serializers.DateTimeField(allow_null=True, required=False)
    first_response_at = serializers.DateTimeField(allow_null=True, required=False)
    resolved_at = serializers.DateTimeField(allow_null=True, required=False)

    def to_representation(self, instance: ChatRoom) -> dict:
        return room_data(instance, for_staff=self.context.get("for_staff", False))


class RoomEnvelopeOutputSerializer(serializers.Serializer):
    room = RoomOutputSerializer()


class MessagePageOutputSerializer(serializers.Serializer):
    messages = MessageOutputSerializer(many=True)
    has_more = serializers.BooleanField()


class RoomOpenOutputSerializer(MessagePageOutputSerializer):
    room = RoomOutputSerializer()


class MessageEnvelopeOutputSerializer(serializers.Serializer):
    message = MessageOutputSerializer()


class DurationSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    median_seconds = serializers.FloatField(allow_null=True)
    p90_seconds = serializers.FloatField(allow_null=True)


class MessagesPerDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    count = serializers.IntegerField()


class ChatStatsOutputSerializer(serializers.Serializer):
    """``support.stats.chat_stats``."""

    days = serializers.IntegerField()
    rooms_by_status = serializers.DictField(child=serializers.IntegerField())
    rooms = serializers.IntegerField()
    handed_off = serializers.IntegerField()
    bot_resolved = serializers.IntegerField()
    handoff_rate = serializers.FloatField(allow_null=True)
    bot_resolution_rate = serializers.FloatField(allow_null=True)
    first_response = DurationSummarySerializer()
    resolution = DurationSummarySerializer()
    messages_per_day = MessagesPerDaySerializer(many=True)
