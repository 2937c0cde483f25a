"""Complete, valid answers to the shipped survey (so a response can be submitted), with variations,
for tests that need several parties' submitted responses: the results dashboard's, for one."""

from __future__ import annotations

import copy
from typing import Any

CHALLENGES = (
    "insufficient_funding",
    "technical_capacity",
    "institutional_regulatory",
    "data_monitoring",
    "access_to_alternatives",
    "market_conditions",
    "social_cultural",
    "information_awareness",
)

BASE: dict[str, Any] = {
    "respondent_name": "Amina Diallo",
    "institution": "Ministry of Environment",
    "respondent_email": "amina@environment.go.ke",
    "response_coordinated": True,
    "coordinated_institutions": "Ministry of Mining",
    "development_status": "developing",
    "inventory_status": "mia_completed",
    "inventory_year": 2018,
    "asgm_status": "more_than_insignificant",
    "asgm_nap_status": "submitted",
    "priority_sectors": ["asgm", "products"],
    "sector_priority_order": ["asgm", "products"],
    "source_categories": ["dental_amalgam"],
    "sector_needs": {
        code: {
            "tech_state": "pilot",
            "alternatives_wanted": "Retorts",
            "need_types": ["equipment", "other"],
            "need_types_other": "Laboratory time",
            "need_details": "Twenty retorts",
            "most_critical_need": "equipment",
            "estimated_cost_usd": 1000,
            "barriers": ["insufficient_funding"],
            "support_received": ["none"],
        }
        for code in ("asgm", "products")
    },
    "challenge_severity": dict.fromkeys(CHALLENGES, "major"),
    "has_transfer_projects": True,
    "transfer_projects": [{"project_name": "planetGOLD Kenya", "project_sector": "asgm", "project_funder": "gef"}],
    "domestic_share": 50,
    "international_share": 30,
    "private_share": 20,
    "share_experience": ["case_studies"],
    "request_facilitation": "yes",
    "facilitation_details": "Training",
}


def answers(variant: int = 0) -> dict[str, Any]:
    """The base answers, changed a little by `variant` so that charts have more than one bar."""
    out = copy.deepcopy(BASE)
    if variant % 2:
        out["priority_sectors"] = out["sector_priority_order"] = ["products", "asgm"]
        out["response_coordinated"] = False
        del out["coordinated_institutions"]
        out["challenge_severity"] = {row: ("moderate" if i % 2 else "major") for i, row in enumerate(CHALLENGES)}
    if variant % 3 == 2:
        out["development_status"] = "developed"
        out["asgm_status"] = "absent"
        del out["asgm_nap_status"]
        for need in out["sector_needs"].values():
            need["need_types"] = ["skills", "funding"]
            del need["need_types_other"]
            need["most_critical_need"] = "funding"
            need["estimated_cost_usd"] = 25000 * variant
        out["domestic_share"], out["international_share"] = 80, 0
    out["inventory_year"] = 2015 + variant
    return out
