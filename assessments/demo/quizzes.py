"""Demo content of the quizzes part."""
