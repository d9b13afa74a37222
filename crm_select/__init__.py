"""CRM Select: choose a CRM system and prove the choice with money.

``scoring`` and ``finance`` (the pure decision and money cores) are top-level packages, as the
design puts them; everything else lives here under one distinctive name, so the generic names
(``models``, ``store``, ``reports``, ...) never collide with other distributions.
"""
