"""The real-time socket at ``/ws/``: authentication, the consumer, and ``send_to_user``."""
