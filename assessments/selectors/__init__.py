"""Reads that views, other parts and the apps above share, one module per part."""
