"""A lead captured: a visitor's form post on a published page (``capture``), the batched
e-mails that tell the owner (``emails``), and the CSV download of a page's leads
(``csv_export``). The lead row is written by ``pages.services.lead_create``.
"""
