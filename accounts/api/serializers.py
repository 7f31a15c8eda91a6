from rest_framework import serializers

from accounts.models import User
from accounts.selectors import user_email_verified


class UserOutputSerializer(serializers.ModelSerializer):
    email_verified = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "subscription", "email_verified", "created_at"]
        read_only_fields = fields

    def get_email_verified(self, user: User) -> bool:
        return user_email_verified(user=user)


class RegisterInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, trim_whitespace=True)
    email = serializers.EmailField(max_length=254)
    # No trimming: spaces are part of a password.
    password = serializers.CharField(max_length=1024, trim_whitespace=False, write_only=True)


class LoginInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=1024, trim_whitespace=False, write_only=True)


class GoogleInputSerializer(serializers.Serializer):
    credential = serializers.CharField(max_length=8192)


class RefreshInputSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=2048)


class AuthOutputSerializer(serializers.Serializer):
    user = UserOutputSerializer()
    access = serializers.CharField()
    refresh = serializers.CharField()


class UserEnvelopeSerializer(serializers.Serializer):
    user = UserOutputSerializer()


class TokenPairOutputSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class ProfileUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)


class VerifyEmailInputSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=512)
