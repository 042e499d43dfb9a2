"""Fetching the current edition of each list from its publisher (``sanctiongraph fetch``):
the per-list download rules (``sources``), the HTTP client (``client``), and the local
archive of what was downloaded (``archive``)."""
