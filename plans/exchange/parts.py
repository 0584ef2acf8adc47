"""Every part of a plan file, in file order: the one list that export and import walk.

A plan table with a file key in plans.registry is a part by itself (exchange/tables.py);
another kind of part has its two functions (export and prepare) in the module that says
what it is, and is appended here with the format version that added it."""

from plans.exchange.actions import (
    export_key_issues,
    export_objectives,
    export_projects,
    prepare_key_issues,
    prepare_objectives,
    prepare_projects,
)
from plans.exchange.context import Part
from plans.exchange.pictures import (
    export_org_chart,
    export_section_figures,
    prepare_org_chart,
    prepare_section_figures,
)
from plans.exchange.plan_parts import (
    export_growth_bids,
    export_priorities,
    export_sections,
    export_sign_offs,
    export_versions,
    prepare_growth_bids,
    prepare_priorities,
    prepare_sections,
    prepare_sign_offs,
    prepare_versions,
)
from plans.exchange.service_records import (
    export_indicators,
    export_risks,
    prepare_indicators,
    prepare_risks,
)
from plans.exchange.tables import export_table_rows, prepare_table_rows, rows_part
from plans.registry import TABLES

# The plan's tables with a file key, each written from its entry in plans.registry.
ROWS = {table.file_key: rows_part(table) for table in TABLES if table.file_key}

# The parts of a plan, in file order; the parts of version 2 come after those of version 1.
PARTS: list[Part] = [
    Part("sections", export_sections, prepare_sections),
    ROWS["budget_lines"],
    Part("growth_bids", export_growth_bids, prepare_growth_bids),
    ROWS["single_points_of_failure"],
    ROWS["skills"],
    Part("org_chart", export_org_chart, prepare_org_chart),
    Part("priority_contributions", export_priorities, prepare_priorities),
    ROWS["contracts"],
    ROWS["carbon_initiatives"],
    ROWS["forward_plan"],
    ROWS["key_contacts"],
    Part("sign_offs", export_sign_offs, prepare_sign_offs),
    Part("versions", export_versions, prepare_versions),
    Part("key_issues", export_key_issues, prepare_key_issues, since=2),
    Part("objectives", export_objectives, prepare_objectives, since=2),
    Part("projects", export_projects, prepare_projects, since=2),
    Part("service_indicators", export_indicators, prepare_indicators, since=2),
    Part("service_risks", export_risks, prepare_risks, since=2),
    Part("table_rows", export_table_rows, prepare_table_rows, since=5),
    Part("section_figures", export_section_figures, prepare_section_figures, since=5),
]
# A table added to the registry later comes after these, in the format version it names.
PARTS += [part for key, part in ROWS.items() if part not in PARTS]
