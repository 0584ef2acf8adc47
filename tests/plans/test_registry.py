"""Each of a plan's tables is described once (plans/registry.py), and everything that walks
a plan's tables reads that one description: the section editor, the plan file, the
document's loading, the columns page, the changes between versions and rolling forward."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from plans import registry
from plans.columns import ROWS, TABLES
from plans.document import part_prefetches
from plans.exchange.parts import PARTS
from plans.forms.parts import EDITORS
from plans.models import SectionKind
from plans.models.base import PlanRecord
from plans.registry import BY_PREFIX

# Records of a plan kept by the actions' own pages (objectives, actions and projects are
# edited one by one, with their progress), not as a section's table.
EDITED_ELSEWHERE = {"ServiceObjective", "Action", "Project"}


def test_every_table_of_a_plan_is_in_the_registry_once():
    records = {
        model.__name__
        for model in apps.get_app_config("plans").get_models()
        if issubclass(model, PlanRecord)
    }
    described = [table.model.__name__ for table in registry.TABLES]
    assert len(described) == len(set(described))
    assert set(described) == records - EDITED_ELSEWHERE
    assert len(BY_PREFIX) == len(registry.TABLES)


@pytest.mark.parametrize("table", registry.TABLES, ids=lambda table: table.prefix)
def test_an_entry_names_fields_its_model_has_and_a_part_that_prints_it(table):
    names = {field.name for field in table.model._meta.get_fields()}
    assert set(table.fields) <= names
    assert set(table.money_fields) | set(table.unique_in_table) <= set(table.fields)
    part = Path(settings.BASE_DIR) / "templates" / "plans" / "parts" / f"{table.section_kind}.html"
    assert part.exists()
    for printed in table.printed:
        assert TABLES[printed.name] is printed
        assert printed.kind == table.section_kind


def test_the_editor_the_document_and_the_columns_page_read_the_registry():
    for table in registry.TABLES:
        assert table in EDITORS[table.section_kind]
        form = table.form_class
        assert form._meta.model is table.model and form._meta.fields == list(table.fields)
        lookups = [getattr(p, "prefetch_through", p) for p in part_prefetches()[table.section_kind]]
        assert table.relation in lookups
        if not table.per_section:
            assert all(name in ROWS for name in table.printed_in)
    assert EDITORS[SectionKind.CONTRACTS][0].form_class.money_fields == ("value",)


def test_every_table_with_a_file_key_is_a_part_of_the_plan_file():
    keys = [part.key for part in PARTS]
    assert len(keys) == len(set(keys))
    assert {table.file_key for table in registry.TABLES if table.file_key} <= set(keys)
