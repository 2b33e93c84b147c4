"""Event coding: coders chosen by registry name (``rules.v1``)."""
