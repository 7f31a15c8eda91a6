from rest_framework import serializers

from support.models import ChatRoom


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
