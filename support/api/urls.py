from landinghub.api.routes import api_path

from . import views

ID = r"(?P<pk>[0-9]+)"

urlpatterns = [
    api_path("chat/rooms", views.RoomOpenApi.as_view(), "chat-rooms"),
    api_path(f"chat/rooms/{ID}", views.RoomDetailApi.as_view(), "chat-room"),
    api_path(f"chat/rooms/{ID}/messages", views.RoomMessagesApi.as_view(), "chat-messages"),
    api_path(f"chat/rooms/{ID}/resolve", views.RoomResolveApi.as_view(), "chat-resolve"),
    api_path(f"chat/rooms/{ID}/read", views.RoomReadApi.as_view(), "chat-read"),
    api_path("chat/admin/request", views.RequestAdminApi.as_view(), "chat-request-admin"),
    api_path("chat/admin/assign", views.AssignApi.as_view(), "chat-assign"),
    api_path("chat/admin/rooms", views.AdminRoomsApi.as_view(), "chat-admin-rooms"),
    api_path(f"chat/admin/rooms/{ID}", views.AdminRoomUpdateApi.as_view(), "chat-admin-room"),
    api_path("chat/admin/stats", views.AdminStatsApi.as_view(), "chat-admin-stats"),
]
