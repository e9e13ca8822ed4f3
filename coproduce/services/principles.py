"""The six principles for engaging people and communities (People and Communities Board, National Voices)."""

from __future__ import annotations

from coproduce.i18n import translate

PRINCIPLE_NUMBERS: tuple[int, ...] = (1, 2, 3, 4, 5, 6)


def principle_title(number: int) -> str:
    titles = {
        1: translate(
            "Principles", "Care and support is person-centred: personalised, coordinated, and empowering"
        ),
        2: translate("Principles", "Services are created in partnership with citizens and communities"),
        3: translate("Principles", "Focus is on equality and narrowing inequalities"),
        4: translate("Principles", "Carers are identified, supported and involved"),
        5: translate(
            "Principles",
            "Voluntary, community and social enterprise and housing sectors are involved as key partners "
            "and enablers",
        ),
        6: translate("Principles", "Volunteering and social action are recognised as key enablers"),
    }
    return titles[number]


def principle_short(number: int) -> str:
    shorts = {
        1: translate("Principles", "Person-centred"),
        2: translate("Principles", "Partnership"),
        3: translate("Principles", "Equality"),
        4: translate("Principles", "Carers"),
        5: translate("Principles", "VCSE and housing"),
        6: translate("Principles", "Volunteering"),
    }
    return shorts[number]
