"""Draft migration: from one published version to the next, through the new version's `mapping:`.

Pure, like the rest of the compiler. `plan(old, new)` decides where every old question's answers
go and checks the mapping against the old version; `migrate(migration, doc)` carries one answers
document and reports every answer that did not stay exactly as it was.
"""

from app.compiler.migrate.apply import CONVERTED, DROPPED, NOT_CARRIED, Item, Report, migrate
from app.compiler.migrate.plan import Migration, Rule, plan

__all__ = ["CONVERTED", "DROPPED", "NOT_CARRIED", "Item", "Migration", "Report", "Rule", "migrate", "plan"]
