"""Hosts a page can answer on besides its slug: customers' own domains, claimed and verified
by a DNS TXT record (``custom_domains``), and the reserved subdomains of the published origin
that other apps answer with their own handlers (``reserved_hosts``).
"""
