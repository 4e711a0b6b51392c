"""Demo content of the completion part."""
