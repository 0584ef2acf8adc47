"""
A council's Word plan (.docx) read into what the import preview shows (issue: Word import).

From the bottom up (each imports only those above it):

- package.py: opening the file safely: what it really is, zip bombs, macros, passwords,
  links to outside files (never fetched), and what the preview must say about it (tracked
  changes shown as accepted, comments left out)
- blocks.py: the document as a list of blocks (headings, text, tables, pictures), with the
  headings a council wrote without a heading style recognised from numbering, capitals or
  bold
- sections.py: the document split at its headings, each part matched to a section of the
  council's template (by number, title and families of words), with its confidence and
  alternatives, or proposed as a new section or added to the part before
- pictures.py: each picture checked and re-encoded as PNG (plans/images.py), or listed with
  why it cannot come in; the organisation chart proposed; the chosen pictures as the plan
  file's org chart and sections' figures, with the text alternatives written for them
- tables.py: each table matched to a printed table of the app by its header row (a column
  for each header, with its year), or left for the section's own table; tables of the
  council's set-up (its risk scoring key) recognised and kept as text
- rows/: a matched table's body rows as rows of its structured part in the plan file,
  each cell read by the app's own parsers, the rows it cannot read listed with the reason
  (cells.py and dates.py: the cell readers; money.py, people.py, registers.py,
  indicators.py, priorities.py, actions.py: a row reader for each part; parts.py: the
  parts, by printed table; __init__.py: read_rows)
- mapping.py: which field of the part each column fills, as proposed from the header row
  and as the preview's selects change it, or that it keeps its words as text
- plan_file.py: the document as a plan file (docs/plan-export-format.md) of the template's
  sections with the document's text and tables in them, checked and imported as any plan
  file is (plans/exchange/plan_file.py)
- batch.py: several Word files, or a .zip of them, read one by one into checked packages or
  the reason each cannot be read (the zip checked whole first), and the service each file
  is most likely the plan of
"""
