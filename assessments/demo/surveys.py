"""Demo content of the surveys part."""
