"""
A quarterly pack's PDF from its parts: the summary and each chapter, rendered apart (the
chapters in parallel, by the workers), joined into one tagged PDF and numbered as one
(packs/join.py).
"""

import io

from packs.join import TaggedJoin, bookmarks, outline_item, top_elements, write_outline


def pdf_stitch(*, summary: tuple[str, bytes], chapters, title: str) -> tuple[bytes, int]:
    """Join tagged PDFs into one tagged PDF: pages, structure trees, links and outline.

    The summary is the base. Each chapter (label, bytes) is read one at a time: its pages
    are appended and its structure elements become a Part of the joined tree. Each part's
    bookmarks go under a bookmark with its label. The title is the pack's.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    label, data = summary
    join = TaggedJoin(data)

    def as_part(kids):
        part = join.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Part, P=join.tree_root, K=Array())
        )
        for kid in kids:
            if isinstance(kid, Dictionary):
                kid.P = part
            part.K.append(kid)
        return part

    join.tree_root.K = Array([as_part(top_elements(join.tree_root))])
    plan = [(label, 0, bookmarks(join.pdf, 0))]
    for label, data in chapters:
        with pikepdf.open(io.BytesIO(data)) as source:
            first_page, kids = join.append(source)
            join.tree_root.K.append(as_part(kids))
            plan.append((label, first_page, bookmarks(source, first_page)))

    def build(root, pdf):
        for label, first_page, items in plan:
            top = outline_item(label, first_page)
            top.children.extend(outline_item(*item) for item in items)
            root.append(top)
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:description"] = title
        pdf.docinfo.Title = title
        pdf.docinfo.Subject = title

    return write_outline(join.save(), build)
