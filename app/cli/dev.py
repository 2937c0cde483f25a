"""`tns dev bootstrap`: in development, everything a newcomer needs to try the platform at once."""

from __future__ import annotations

import datetime as dt

import typer
from sqlmodel import select

from app.cli.admin import link
from app.core.config import get_settings
from app.core.db import session_scope
from app.core.errors import NotFoundError
from app.registry.service import update_country
from app.surveys import service as surveys
from app.users import service as users
from app.users.models import Role, User

cli = typer.Typer(help="Development helpers.", no_args_is_help=True)

DEMO_PARTY = "KEN"
ADMIN = "admin@example.org"
FOCAL_POINT = "focal.point@example.org"


@cli.command("bootstrap")
def bootstrap() -> None:
    """Publish the shipped surveys, open a cycle, create a demo admin and focal point (development only)."""
    settings = get_settings()
    if settings.env != "development":
        typer.echo("error: tns dev bootstrap runs only with TNS_ENV=development", err=True)
        raise typer.Exit(1)
    year = str(dt.date.today().year)
    with session_scope() as session:
        for file in surveys.definition_files(settings.definitions_dir):
            published = surveys.publish(session, file.read_bytes(), file.name, None)
            survey_id = published.version.survey_id
            try:
                surveys.get_cycle(session, survey_id, year)
            except NotFoundError:
                surveys.open_cycle(session, survey_id, year, None, None, None)
            typer.echo(f"survey {survey_id}: version {published.version.sha256[:12]}, cycle {year} open")
        if session.exec(select(User).where(User.email == ADMIN)).first() is None:
            users.add_user(session, ADMIN, Role.admin, name="Demo administrator")
        update_country(session, DEMO_PARTY, {"is_party": True, "development_status": "developing"}, None)
        focal = session.exec(select(User).where(User.email == FOCAL_POINT)).first()
        if focal is None:
            focal = users.add_user(
                session, FOCAL_POINT, Role.focal_point, party=DEMO_PARTY, name="Demo focal point"
            ).user
        admin_token = users.issue_token(session, users.get_user(session, ADMIN))
        focal_token = users.issue_token(session, focal)
        invitation = users.invite(session, focal, None)
        admin_link = users.invite(session, users.get_user(session, ADMIN), None)
    typer.echo(f"demo admin {ADMIN}, API token: {admin_token}")
    typer.echo(
        f"sign-in link for the admin (single use; the results dashboard is on the start page): {link(admin_link)}"
    )
    typer.echo(f"demo focal point of {DEMO_PARTY} {FOCAL_POINT}, API token: {focal_token}")
    typer.echo(f"invitation link for the focal point (single use): {link(invitation)}")
