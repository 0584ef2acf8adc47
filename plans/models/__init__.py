"""A service's plan: its sections and the structured records each kind of section shows."""

from plans.models.actions import (
    Action,
    DeliveryStatus,
    Milestone,
    ProgressUpdate,
    Project,
    ServiceObjective,
)
from plans.models.budget import BudgetAmount, BudgetLine, GrowthBid, GrowthBidAmount
from plans.models.carbon import CarbonInitiative, CarbonSaving
from plans.models.contacts import KeyContact
from plans.models.contracts import Contract
from plans.models.figures import SectionFigure
from plans.models.forward_plan import ForwardPlanItem
from plans.models.key_issues import KeyIssue
from plans.models.plan import Plan, Section, SectionKind, TemplateSection
from plans.models.priorities import PriorityContribution
from plans.models.signoff import (
    PlanTransition,
    ReviewDecision,
    SectionReview,
    SignerRole,
    SignOff,
    TemplateSignOff,
)
from plans.models.tables import TableRow
from plans.models.template import Template, template_for
from plans.models.versions import EarlierVersion, PlanVersion
from plans.models.worker import WorkerHeartbeat
from plans.models.workforce import OrgChart, SinglePointOfFailure, SkillRequirement

__all__ = [
    "EarlierVersion",
    "Action",
    "DeliveryStatus",
    "Milestone",
    "ProgressUpdate",
    "Project",
    "ServiceObjective",
    "BudgetAmount",
    "BudgetLine",
    "CarbonInitiative",
    "CarbonSaving",
    "Contract",
    "ForwardPlanItem",
    "GrowthBid",
    "GrowthBidAmount",
    "KeyContact",
    "KeyIssue",
    "OrgChart",
    "Plan",
    "PlanTransition",
    "PlanVersion",
    "PriorityContribution",
    "ReviewDecision",
    "Section",
    "SectionReview",
    "SignerRole",
    "SignOff",
    "SectionFigure",
    "SectionKind",
    "SinglePointOfFailure",
    "SkillRequirement",
    "TableRow",
    "Template",
    "TemplateSection",
    "TemplateSignOff",
    "template_for",
    "WorkerHeartbeat",
]
