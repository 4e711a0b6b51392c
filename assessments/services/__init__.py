"""Writes, one module per part (pretix's base/services/<domain>.py)."""
