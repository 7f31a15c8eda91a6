from rest_framework.permissions import BasePermission


class IsStaff(BasePermission):
    message = "Only staff can review listings."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)
