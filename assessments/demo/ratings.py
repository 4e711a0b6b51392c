"""Demo content of the ratings part."""
