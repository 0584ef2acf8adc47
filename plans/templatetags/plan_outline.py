"""{{ entries|outline }}: a plan's contents as a tree, so that parts of a section (1.1, 1.1.1)
are lists inside its list item, as the levels of the template say."""

from dataclasses import dataclass, field

from django import template

register = template.Library()


@dataclass
class OutlineNode:
    entry: object
    children: list["OutlineNode"] = field(default_factory=list)


@register.filter
def outline(entries) -> list[OutlineNode]:
    """Document sections nested by their levels.
    A section deeper than the one before it is a child of it; a level that skips one (3
    after 1) is nested one deeper only."""
    roots: list[OutlineNode] = []
    path: list[tuple[int, OutlineNode]] = []
    for entry in entries:
        level = entry.section.level
        while path and path[-1][0] >= level:
            path.pop()
        node = OutlineNode(entry)
        (path[-1][1].children if path else roots).append(node)
        path.append((level, node))
    return roots
