"""What `tns survey publish` prints: the version, the diff from the previous one, what moved."""

from __future__ import annotations

from app.cli.survey_diff import text_report
from app.compiler.diff import SurveyDiff
from app.surveys.service import Published


def publish_report(published: Published, file: str) -> list[str]:
    version = published.version
    if published.dry_run:
        state = "dry run, nothing published"
    else:
        state = "published" if published.created else "already published, unchanged"
    lines = [f"{version.survey_id}: version {version.sha256[:12]} ({state})"]
    if published.previous is None:
        return lines
    diff = SurveyDiff(version.survey_id, version.survey_id, tuple(t.change for t in published.changes))
    old = f"{version.survey_id}@{published.previous.sha256[:12]}"
    lines += ["", *text_report(diff, old, file, published.changes)]
    verb = "would move" if published.dry_run else "moved"
    if published.moved or not published.dry_run:
        lines += ["", f"cycles {verb} to the new version: {', '.join(published.moved) or 'none'}"]
    for m in published.migrated:
        s = m.report.summary()
        lines.append(
            f"  {m.cycle}/{m.subject}: revision {m.revision}: {s['carried']} carried, {s['converted']} converted, "
            f"{s['dropped']} dropped, {s['not_carried']} not carried"
        )
    return lines
