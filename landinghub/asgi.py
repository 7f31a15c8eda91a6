"""ASGI entry point: ``/ws/`` sockets, and HTTP when one process serves everything.

In production HTTP goes to gunicorn (``landinghub.wsgi``) and only ``/ws/`` to daphne.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landinghub.settings.production")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs the apps loaded)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from landinghub.realtime.auth import JWTQueryAuthMiddleware, SiteOriginValidator  # noqa: E402
from landinghub.routing import websocket_urlpatterns  # noqa: E402

websocket_application = SiteOriginValidator(
    AuthMiddlewareStack(JWTQueryAuthMiddleware(URLRouter(websocket_urlpatterns)))
)

application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": websocket_application})
