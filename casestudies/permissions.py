"""Who may see a case study's original and its alias table."""


def can_view_original(user) -> bool:
    """Only people given the dedicated permission; ordinary editors and trainees may not."""
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm("casestudies.view_original")
    )
