"""Every part of a plan file, in file order: the one list that export and import walk.

To add a part, write its two functions (export and prepare) in the module that says
what it is, and append it here with the format version that added it."""

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
from plans.exchange.tables import (
    BUDGET_LINE_FIELDS,
    CONTRACT_FIELDS,
    FORWARD_FIELDS,
    SPOF_FIELDS,
    _rows_part,
    export_table_rows,
    prepare_table_rows,
)
from plans.models import (
    BudgetAmount,
    BudgetLine,
    CarbonInitiative,
    CarbonSaving,
    Contract,
    ForwardPlanItem,
    KeyContact,
    SinglePointOfFailure,
    SkillRequirement,
)

# The parts of a plan, in file order; the parts of version 2 come after those of version 1.
PARTS: list[Part] = [
    Part("sections", export_sections, prepare_sections),
    _rows_part(
        "budget_lines",
        "budgetlines",
        BudgetLine,
        BUDGET_LINE_FIELDS,
        figures=("amounts", BudgetAmount, "amount"),
        since_4=("column",),
        years_of=lambda ctx: ctx.budget_years,
    ),
    Part("growth_bids", export_growth_bids, prepare_growth_bids),
    _rows_part(
        "single_points_of_failure", "singlepointoffailures", SinglePointOfFailure, SPOF_FIELDS
    ),  # fmt: skip
    _rows_part(
        "skills",
        "skillrequirements",
        SkillRequirement,
        ["position", "job_title", "qualifications", "cpd_required"],
    ),  # fmt: skip
    Part("org_chart", export_org_chart, prepare_org_chart),
    Part("priority_contributions", export_priorities, prepare_priorities),
    _rows_part("contracts", "contracts", Contract, CONTRACT_FIELDS),
    _rows_part(
        "carbon_initiatives",
        "carboninitiatives",
        CarbonInitiative,
        ["position", "cost_centre", "initiative"],
        figures=("savings", CarbonSaving, "tonnes"),
        # Each saving as printed ('TBC', '12.5 t'), its number in tonnes (null when it has
        # none); optional, so files from before print their tonnes as before.
        figure_also=("text",),
    ),
    _rows_part("forward_plan", "forwardplanitems", ForwardPlanItem, FORWARD_FIELDS),
    _rows_part(
        "key_contacts", "keycontacts", KeyContact, ["position", "name", "role", "phone", "email"]
    ),  # fmt: skip
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
