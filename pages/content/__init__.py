"""What a page is made of, before it is published: the sanitiser every save goes through
(``sanitize``), uploaded images (``assets``, decoded out of process by ``imaging``), the
starter templates (``starters``), the builder's translated strings (``builder_i18n``), the
page's address (``slugs``) and its ZIP export (``export``).

This ``__init__`` imports nothing: ``imaging`` also runs as a child process without Django.
"""
