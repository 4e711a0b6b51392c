"""Demo content of the worksheets part."""
