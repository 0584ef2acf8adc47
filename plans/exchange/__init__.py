"""
A plan as a JSON file: export it with every part, import it as a new draft plan.

The format is described in docs/plan-export-format.md. A file is a JSON object with
`format`, `format_version` and one key per part of the plan. Each part is a `Part`: a
function that writes the part and one that checks it and prepares what to save. Importing
checks the whole file first and writes nothing when anything is wrong; then it saves every
part in one transaction.

Indicators and risks belong to the service, not the plan: the file carries the service's
as context, and an import adds them only where the target has none with that code or
reference (see docs/plan-export-format.md).

The modules, from the bottom up (each imports only those above it):

- format.py: the format's name and versions, the limits on a file, reading its bytes
- context.py: ImportContext (what an import knows while it checks) and Part
- values.py: model values as JSON and back, checked by the model's own rules
- links.py: links to corporate priorities and objectives, by title
- plan_parts.py: sections, growth bids, priority contributions, sign-offs, versions
- pictures.py: the org chart and the sections' figures
- actions.py: objectives, actions and progress, projects, key issues
- service_records.py: the service's indicators and risks
- tables.py: plain tables of the plan (budget lines, workforce, contracts, ...) and the
  rows of sections' own tables
- parts.py: PARTS, every part in file order (add a part here)
- plan_file.py: plan_export, plan_import_check and plan_import

Names with a leading underscore are shared between these modules and used nowhere else.
"""
