"""The user and admin dashboards: a read-only composition of every app's numbers.

Why here and not in an app: a dashboard reads pages, leads, listings, orders, users and (when
present) support rooms. Any one app owning it would have to import apps above it in the
dependency chain (``payments → orders → marketplace → pages → accounts``), so the composition
lives in the project package, which already sits above every app (``landinghub/urls.py``). It
only *reads* the apps' models, never writes: every write, and the ``dashboard:update`` event that
announces it, stays in the owning app's services.

Modules: ``ranges`` (the validated date range), ``selectors`` (the user's numbers),
``admin_selectors`` (the platform's numbers), ``support_hook`` (the optional support metrics),
``api`` and ``views`` (thin adapters), ``urls``.
"""
