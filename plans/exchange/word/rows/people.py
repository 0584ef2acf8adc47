"""Rows of the workforce and contacts: single points of failure, skills, key contacts."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from plans.exchange.word.rows.cells import Cells, RowContext, RowProblem, text
from plans.models import KeyContact, SinglePointOfFailure, SkillRequirement

SINGLE_POINT_TEXTS = (
    "succession_plan",
    "risks_skills",
    "knowledge_networks",
    "impact",
    "future_options",
)


def single_points(cells: Cells, ctx: RowContext) -> list[dict]:
    return [
        {
            "post": text(cells, "post", SinglePointOfFailure, "post", required=True),
            **{name: cells.get(name) for name in SINGLE_POINT_TEXTS},
        }
    ]


def skills(cells: Cells, ctx: RowContext) -> list[dict]:
    return [
        {
            "job_title": text(cells, "job_title", SkillRequirement, "job_title", required=True),
            "qualifications": cells.get("qualifications"),
            "cpd_required": cells.get("cpd_required"),
        }
    ]


def contacts(cells: Cells, ctx: RowContext) -> list[dict]:
    email = cells.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RowProblem(f"Email must be an email address (it says “{email[:40]}”)") from None
    return [
        {
            "name": text(cells, "name", KeyContact, "name", required=True),
            "role": text(cells, "role", KeyContact, "role"),
            "phone": text(cells, "phone", KeyContact, "phone"),
            "email": email,
        }
    ]
