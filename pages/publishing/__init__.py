"""A page published: rendered into one HTML document, written to storage as a new version,
pointed at, and pushed to the CDN.

``publish`` is the step the publish task runs (``page_version_publish``) and the CDN withdrawal;
``render`` builds the document, ``storage`` writes and reads its versions, ``cdn`` keeps the
CloudFront copy. The request to publish is ``pages.services.page_publish``.
"""
