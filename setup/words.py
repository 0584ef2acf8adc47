"""Counts in words, for the set-up pages' refusals ("it is used by 2 plans and 1 result")."""


def counted(number: int, one: str, many: str) -> str:
    """'1 plan', '3 plans'."""
    return f"{number} {one if number == 1 else many}"


def in_words(parts: list[str]) -> str:
    """'2 plans', '2 plans and 1 result', '2 plans, 3 results and 1 return'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
