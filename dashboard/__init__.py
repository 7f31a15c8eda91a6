"""The top floor: what composes every domain. The user and admin dashboards, the home page, and
the demo data (``demo``, ``seed_demo``).

A dashboard reads pages, leads, listings, orders, users and support rooms, so no domain app can
own it without importing the apps above it; this app sits above them all (the floors are in
``pyproject.toml``, checked by import-linter). It only *reads* the apps' models, never writes:
every write, and the ``dashboard:update`` event that announces it, stays in the owning app's
services. The demo data writes through those services.

Modules: ``ranges`` (the validated date range), ``selectors`` (the user's numbers),
``admin_selectors`` (the platform's numbers), support's metrics come from ``support.selectors``,
``cache`` (the per-user cache and its invalidation), ``api`` and ``views`` (thin adapters),
``urls``/``api_urls``, ``demo`` and ``management/commands/seed_demo.py``.
"""
