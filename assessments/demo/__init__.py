"""Demo content for 前期共通プログラム: each part's seeder, run in order by seed_demo."""

from assessments.demo import completion, quizzes, ratings, surveys, worksheets


def seed(*, password: str) -> list:
    """Seed every part's demo; safe to run again. Completion runs last: it reads the others."""
    for part in (quizzes, worksheets, ratings, surveys, completion):
        part.seed()
    return []
