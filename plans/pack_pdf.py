"""
A quarterly pack's PDF from its parts: the summary and each chapter, rendered apart (the
chapters in parallel, by the workers), joined into one tagged PDF and numbered as one.

The parts leave the footer's page number out (pdf/pack_page.css); `number_pages()` puts
"Page N of M" there on every page of the joined file, drawn by WeasyPrint in the same
font and place as a plan's own footer, and marked as an artifact, as running footers are.
"""

import io

from django.template.loader import render_to_string

from plans.pdf import render_pdf


def page_number_stamps(landscape: list[bool]) -> bytes:
    """A PDF of empty pages, portrait or landscape as asked, each with its "Page N of M"."""
    html = render_to_string("pdf/page_numbers.html", {"pages": landscape})
    return render_pdf(html, tagged=False).pdf


def number_pages(pdf) -> None:
    """Draw each page's number in the pack over the page (a pikepdf.Pdf, changed in place)."""
    import pikepdf
    from pikepdf import Name

    landscape = [float(page.mediabox[2]) > float(page.mediabox[3]) for page in pdf.pages]
    with pikepdf.open(io.BytesIO(page_number_stamps(landscape))) as stamps:
        for page, stamp in zip(pdf.pages, stamps.pages, strict=True):
            form = pdf.copy_foreign(stamp.as_form_xobject())
            name = page.add_resource(form, Name.XObject, prefix="PageNumber")
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"Q\n/Artifact BMC q " + name.unparse() + b" Do Q EMC\n")
            page.contents_coalesce()


def pdf_stitch(*, summary: tuple[str, bytes], chapters, title: str) -> tuple[bytes, int]:
    """Join tagged PDFs into one tagged PDF: pages, structure trees, links and outline.

    The summary is the base (its PDF/UA metadata, language and MarkInfo carry over). Each
    chapter (label, bytes) is read one at a time: its pages are appended, its structure
    elements become a Part of the joined tree, its parent tree keys move past the ones
    already used, and its bookmarks go under a bookmark with the chapter's label. Last,
    every page gets its number in the pack.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name, NumberTree, OutlineItem

    def copy(dest, value):
        if isinstance(value, Array) and not value.is_indirect:
            return Array([copy(dest, item) for item in value])
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            return dest.copy_foreign(value)
        return value

    def as_part(dest, kids, tree_root):
        part = dest.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Part, P=tree_root, K=Array())
        )
        for kid in kids if isinstance(kids, Array) else Array([kids]):
            if isinstance(kid, Dictionary):
                kid.P = part
            part.K.append(kid)
        return part

    def bookmarks(pdf, first_page):
        """(title, page index, top) of a document's top-level bookmarks.

        Read from the objects: pikepdf's open_outline() rewrites the outline on exit."""
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        items = []
        node = pdf.Root.Outlines.get("/First") if "/Outlines" in pdf.Root else None
        while node is not None:
            target = node.get("/Dest")
            if target is None and "/A" in node:
                target = node.A.get("/D")
            if isinstance(target, Array) and target[0].objgen in index:
                top = target[3] if len(target) > 3 else None
                items.append((str(node.Title), first_page + index[target[0].objgen], top))
            node = node.get("/Next")
        return items

    label, data = summary
    dest = pikepdf.open(io.BytesIO(data))
    tree_root = dest.Root.StructTreeRoot
    parent_tree = NumberTree(tree_root.ParentTree)
    next_key = int(tree_root.get("/ParentTreeNextKey", len(list(parent_tree.keys()))))
    tree_root.K = Array([as_part(dest, tree_root.K, tree_root)])
    plan = [(label, 0, bookmarks(dest, 0))]

    for label, data in chapters:
        with pikepdf.open(io.BytesIO(data)) as source:
            offset, first_page = next_key, len(dest.pages)
            source_tree = NumberTree(source.Root.StructTreeRoot.ParentTree)
            for page in source.pages:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + offset
                for annotation in page.obj.get("/Annots", Array()):
                    if "/StructParent" in annotation:
                        annotation.StructParent = int(annotation.StructParent) + offset
            dest.add_pages_from(source)
            kids = source.Root.StructTreeRoot.K
            kids = kids if isinstance(kids, Array) else Array([kids])
            copied = Array(
                [dest.copy_foreign(k if k.is_indirect else source.make_indirect(k)) for k in kids]
            )
            tree_root.K.append(as_part(dest, copied, tree_root))
            last_key = -1
            for key, value in source_tree.items():
                parent_tree[key + offset] = copy(dest, value)
                last_key = max(last_key, key)
            next_key = offset + last_key + 1
            plan.append((label, first_page, bookmarks(source, first_page)))
    tree_root.ParentTreeNextKey = next_key
    number_pages(dest)
    joined = io.BytesIO()
    dest.save(joined)
    dest.close()

    # Outline and title on the saved file: written on the working copy, pikepdf's new
    # outline objects collided with the information dictionary.
    with pikepdf.open(joined) as dest:
        with dest.open_outline() as outline:
            outline.root.clear()
            for label, first_page, items in plan:
                top = OutlineItem(label, first_page)
                for title_text, page, y in items:
                    extra = {"page_location": "XYZ", "top": y} if y is not None else {}
                    top.children.append(OutlineItem(title_text, page, **extra))
                outline.root.append(top)
        with dest.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:description"] = title
        dest.docinfo.Title = title
        dest.docinfo.Subject = title
        output = io.BytesIO()
        dest.save(output)
        pages = len(dest.pages)
    return output.getvalue(), pages
