"""StreamField blocks of assessments, one module per part."""
