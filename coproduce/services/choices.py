"""The fixed vocabularies of a workshop, with their labels (translated where shown)."""

from __future__ import annotations

from coproduce.i18n import translate


def _t(text: str) -> str:
    return translate("Choices", text)


INFLUENCE_LEVELS: tuple[str, ...] = ("inform", "consult", "involve", "collaborate", "coproduce")
PROPOSAL_STATUSES: tuple[str, ...] = ("options_open", "preferred_option")
WORKSHOP_STATUSES: tuple[str, ...] = ("draft", "in_progress", "closed", "signed")
ROLES: tuple[str, ...] = (
    "carer",
    "service_user",
    "resident",
    "volunteer",
    "vcse",
    "housing",
    "councillor",
    "staff",
    "commissioner",
    "other",
)


def influence_label(key: str) -> str:
    return {
        "inform": _t("Inform: the room is told what has been decided"),
        "consult": _t("Consult: the room's views are sought before a decision"),
        "involve": _t("Involve: the room works on options with decision-makers"),
        "collaborate": _t("Collaborate: the room shares in making the decision"),
        "coproduce": _t("Co-produce / decide: the room decides, as equal partners"),
    }.get(key, key)


def influence_short(key: str) -> str:
    return {
        "inform": _t("Inform"),
        "consult": _t("Consult"),
        "involve": _t("Involve"),
        "collaborate": _t("Collaborate"),
        "coproduce": _t("Co-produce / decide"),
    }.get(key, key)


def proposal_status_label(key: str) -> str:
    return {
        "options_open": _t("Options are still open"),
        "preferred_option": _t("A preferred option exists"),
    }.get(key, key)


def status_label(key: str) -> str:
    return {
        "draft": _t("Draft"),
        "in_progress": _t("In progress"),
        "closed": _t("Closed"),
        "signed": _t("Signed"),
    }.get(key, key)


def role_label(key: str) -> str:
    return {
        "carer": _t("Carer"),
        "service_user": _t("Person who uses services"),
        "resident": _t("Resident"),
        "volunteer": _t("Volunteer"),
        "vcse": _t("Voluntary, community or social enterprise (VCSE) representative"),
        "housing": _t("Housing representative"),
        "councillor": _t("Councillor"),
        "staff": _t("Health or care staff"),
        "commissioner": _t("Commissioner"),
        "other": _t("Other"),
    }.get(key, key)
