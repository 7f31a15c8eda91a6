"""A published page served: the origin that answers ``<slug>.<PUBLISHED_PAGES_DOMAIN>`` and
verified custom domains, before any of the app's middleware runs.

``middleware`` catches the published hosts, ``sites`` resolves a host to a page through the
shared cache (``sitecache`` clears it), ``origin`` answers the request, ``responses`` holds the
origin's headers and 404 page, ``hosts`` builds a page's addresses, ``media`` serves uploaded
images from local storage, ``view_counts`` counts views in the cache and flushes them.
"""
