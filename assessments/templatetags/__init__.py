"""Template tags assessments offers to the pages of the apps below it."""
