"""Channel-layer group names of the live session, built in one place."""


def everyone(workshop_id: int) -> str:
    """Every socket of the workshop: phase, timer, announcements, highlights."""
    return f"workshop.{workshop_id}"


def console(workshop_id: int) -> str:
    """The facilitators' consoles and the plenary screen: every post and who is connected."""
    return f"workshop.{workshop_id}.console"


def board(group_id: int) -> str:
    """The members of one group: that group's posts."""
    return f"workshop.board.{group_id}"
