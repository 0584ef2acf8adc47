"""
Tagged PDFs rendered apart, joined into one tagged PDF and numbered as one.

Used for a quarterly pack (its summary and chapters, packs/pdf.py). The parts leave the
footer's page number out (pdf/unnumbered.css); `number_pages()` puts "Page N of M" there on every page of the
joined file, drawn by WeasyPrint in the same font and place as a plan's own footer, and
marked as an artifact, as running footers are.
"""

import io

from django.template.loader import render_to_string

from plans.pdf.render import render_pdf


def page_number_stamps(landscape: list[bool]) -> bytes:
    """A PDF of empty pages, portrait or landscape as asked, each with its "Page N of M"."""
    html = render_to_string("pdf/page_numbers.html", {"pages": landscape})
    return render_pdf(html, tagged=False).pdf


def number_pages(pdf) -> None:
    """Draw each page's number over the page (a pikepdf.Pdf, changed in place)."""
    import pikepdf
    from pikepdf import Name

    landscape = [float(page.mediabox[2]) > float(page.mediabox[3]) for page in pdf.pages]
    with pikepdf.open(io.BytesIO(page_number_stamps(landscape))) as stamps:
        for page, stamp in zip(pdf.pages, stamps.pages, strict=True):
            form = pdf.copy_foreign(stamp.as_form_xobject())
            name = page.add_resource(form, Name.XObject, prefix="PageNumber")
            # Two more content streams around the page's own: no need to rewrite it.
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n/Artifact BMC q " + name.unparse() + b" Do Q EMC\n")


class TaggedJoin:
    """A tagged PDF that others are appended to: pages, structure trees and parent tree.

    The first PDF is the base (its PDF/UA metadata, language, title and MarkInfo carry
    over). `append()` adds another's pages, moves its parent tree keys past the ones used
    so far and gives back its top structure elements, copied, for the caller to place in
    the base's tree."""

    def __init__(self, data: bytes):
        import pikepdf

        self.pdf = pikepdf.open(io.BytesIO(data))
        self.tree_root = self.pdf.Root.StructTreeRoot
        self.parent_tree = pikepdf.NumberTree(self.tree_root.ParentTree)
        self.next_key = int(
            self.tree_root.get("/ParentTreeNextKey", len(list(self.parent_tree.keys())))
        )

    def append(self, source):
        """Append an open pikepdf.Pdf: returns (its first page's index, its top elements)."""
        from pikepdf import Array, NumberTree

        dest, offset, first_page = self.pdf, self.next_key, len(self.pdf.pages)
        for page in source.pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        dest.add_pages_from(source)
        kids = top_elements(source.Root.StructTreeRoot)
        copied = Array(
            [dest.copy_foreign(k if k.is_indirect else source.make_indirect(k)) for k in kids]
        )
        last_key = -1
        for key, value in NumberTree(source.Root.StructTreeRoot.ParentTree).items():
            self.parent_tree[key + offset] = self.copy(value)
            last_key = max(last_key, key)
        self.next_key = offset + last_key + 1
        return first_page, copied

    def copy(self, value):
        """A value of another PDF, as an object of the joined one (pages already appended
        map to their copies)."""
        import pikepdf
        from pikepdf import Array

        if isinstance(value, Array) and not value.is_indirect:
            return Array([self.copy(item) for item in value])
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            return self.pdf.copy_foreign(value)
        return value

    def save(self) -> bytes:
        """Number the pages and give the joined file's bytes (the join is then closed).

        The objects copied from the other files go into compressed object streams, as
        WeasyPrint writes them: left loose, they make the file three times as large."""
        import pikepdf

        self.tree_root.ParentTreeNextKey = self.next_key
        number_pages(self.pdf)
        joined = io.BytesIO()
        self.pdf.save(joined, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        self.pdf.close()
        return joined.getvalue()


def top_elements(tree_root):
    from pikepdf import Array

    kids = tree_root.K
    return kids if isinstance(kids, Array) else Array([kids])


def bookmarks(pdf, first_page: int) -> list[tuple[str, int, object]]:
    """(title, page index, top) of every bookmark of a document, in reading order (a
    bookmark's children straight after it).

    Read from the objects: pikepdf's open_outline() rewrites the outline on exit."""
    from pikepdf import Array

    index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    items = []

    def walk(node):
        while node is not None:
            target = node.get("/Dest")
            if target is None and "/A" in node:
                target = node.A.get("/D")
            if isinstance(target, Array) and target[0].objgen in index:
                top = target[3] if len(target) > 3 else None
                items.append((str(node.Title), first_page + index[target[0].objgen], top))
            walk(node.get("/First"))
            node = node.get("/Next")

    walk(pdf.Root.Outlines.get("/First") if "/Outlines" in pdf.Root else None)
    return items


def outline_item(title: str, page: int, top=None):
    from pikepdf import OutlineItem

    extra = {"page_location": "XYZ", "top": top} if top is not None else {}
    return OutlineItem(title, page, **extra)


def write_outline(data: bytes, build) -> tuple[bytes, int]:
    """Replace a joined file's outline with `build(outline_root)`'s; (bytes, pages).

    Done on the saved file: written on the working copy, pikepdf's new outline objects
    collided with the information dictionary."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_outline() as outline:
            outline.root.clear()
            build(outline.root, pdf)
        output = io.BytesIO()
        pdf.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return output.getvalue(), len(pdf.pages)
