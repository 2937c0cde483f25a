"""The party registry: every UN member state and the EU; parties marked by administrators."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.users.models import Role
from tests.factory import person

pytestmark = pytest.mark.db


def test_every_un_member_and_the_eu_with_their_attributes(client: TestClient) -> None:
    rows = client.get("/api/v1/parties").json()
    assert len(rows) == 194
    by_code = {r["iso3"]: r for r in rows}
    eu = by_code["EUU"]
    assert eu["un_group"] is None and eu["names"]["fr"] == "Union européenne"
    npl = by_code["NPL"]
    assert (npl["un_group"], npl["ldc"], npl["lldc"]) == ("asia_pacific", True, True)
    assert by_code["TUR"]["un_group"] == "weog"
    assert set(by_code["KEN"]["names"]) == {"en", "fr", "es", "ru", "zh", "ar"}
    assert not any(r["is_party"] for r in rows)  # never a hard-coded list of parties


def test_filters(client: TestClient) -> None:
    sids = client.get("/api/v1/parties", params={"sids": "true", "un_group": "grulac"}).json()
    assert sids and all(r["sids"] and r["un_group"] == "grulac" for r in sids)
    assert client.get("/api/v1/parties", params={"un_group": "nope"}).status_code == 422


def test_an_admin_marks_parties_and_development_status(client: TestClient) -> None:
    admin, sec = person(Role.admin), person(Role.secretariat)
    body = {"is_party": True, "development_status": "developing"}
    assert client.patch("/api/v1/parties/KEN", json=body, headers=sec.auth).status_code == 403
    updated = client.patch("/api/v1/parties/ken", json=body, headers=admin.auth).json()
    assert (updated["is_party"], updated["development_status"]) == (True, "developing")
    parties = client.get("/api/v1/parties", params={"is_party": "true"}).json()
    assert [p["iso3"] for p in parties] == ["KEN"]
    assert client.patch("/api/v1/parties/XXX", json=body, headers=admin.auth).status_code == 404
    bad = client.patch("/api/v1/parties/KEN", json={"development_status": "rich"}, headers=admin.auth)
    assert bad.status_code == 422


def test_import_and_export_csv_and_yaml(client: TestClient) -> None:
    admin = person(Role.admin)
    csv_body = "iso3,is_party,development_status\nKEN,true,developing\nFRA,yes,developed\n"
    imported = client.post(
        "/api/v1/parties/import", content=csv_body, headers={**admin.auth, "content-type": "text/csv"}
    )
    assert imported.json() == {"changed": 2}
    yaml_body = "- {iso3: EUU, is_party: true}\n- {iso3: UZB, development_status: transition}\n"
    client.post("/api/v1/parties/import", content=yaml_body, headers={**admin.auth, "content-type": "application/yaml"})
    exported = client.get("/api/v1/parties/export").text.splitlines()
    assert exported[0] == "iso3,name_en,is_party,development_status"
    assert "KEN,Kenya,True,developing" in exported
    assert "UZB,Uzbekistan,False,transition" in exported
    assert client.get("/api/v1/parties/export", params={"format": "yaml"}).text.startswith("- iso3: AFG")


def test_an_import_with_a_bad_row_changes_nothing(client: TestClient) -> None:
    admin = person(Role.admin)
    body = "iso3,is_party\nKEN,true\nXXX,true\n"
    response = client.post("/api/v1/parties/import", content=body, headers={**admin.auth, "content-type": "text/csv"})
    assert response.status_code == 404 and "row 2" in response.json()["errors"][0]["msg"]
    assert client.get("/api/v1/parties/KEN").json()["is_party"] is False
    wrong_column = client.post(
        "/api/v1/parties/import", content="iso3,colour\nKEN,red\n", headers={**admin.auth, "content-type": "text/csv"}
    )
    assert wrong_column.status_code == 422
