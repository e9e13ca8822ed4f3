"""What may leave the app: the one place that decides how people and their words appear in any export.

Every export and report (the PDF record, archives shared with others, text reports, the projector) goes
through here, so that consent and withdrawal are honoured everywhere:
- a person is named only while their consent says they may be; otherwise their pseudonym, otherwise
  "Participant N";
- a person who withdrew and chose "remove" has every contribution and ballot left out; one who chose
  "keep anonymously" has their words kept with no name at all (not even a pseudonym or number);
- hidden contributions are left out (their reason is kept in the history, not in the export);
- who was there: a person who withdrew and chose "remove", or was taken off the list (added by mistake), is
  not counted as present; of the others, only those whose label is their own name are listed by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from coproduce.i18n import translate
from coproduce.services.consent import ConsentState, state_in
from coproduce.storage.models import Contribution, Participant


@dataclass(frozen=True)
class PersonView:
    participant_id: str
    number: int
    roles: tuple[str, ...]
    state: ConsentState
    removed_by_withdrawal: bool
    anonymous_by_withdrawal: bool
    label: str | None  # None: show no attribution at all
    organisation: str = ""
    taken_off_list: bool = False  # added by mistake: not counted as present
    named_as: str | None = None  # their own name, only while their consent says they may be named

    @property
    def present(self) -> bool:
        """Counted among the people who took part in every export."""
        return not self.removed_by_withdrawal and not self.taken_off_list

    @property
    def named(self) -> bool:
        """Listed by name in the record: present, and their label is the name they agreed to show."""
        return self.present and self.named_as is not None


def _label(person: Participant, state: ConsentState) -> str | None:
    if state.withdrawal is not None:
        return None
    if state.may_be_named and person.display_name and not person.anonymous:
        return person.display_name
    if person.pseudonym and not person.anonymous:
        return person.pseudonym
    return translate("Disclosure", "Participant {n}").format(n=person.number)


def people(session: Session, workshop_id: str) -> dict[str, PersonView]:
    result: dict[str, PersonView] = {}
    for person in session.exec(select(Participant).where(Participant.workshop_id == workshop_id)):
        state = state_in(session, person.id)
        choice = state.withdrawal.choice if state.withdrawal else ""
        label = _label(person, state)
        result[person.id] = PersonView(
            participant_id=person.id,
            number=person.number,
            roles=tuple(person.roles),
            state=state,
            removed_by_withdrawal=choice == "remove",
            anonymous_by_withdrawal=choice == "keep_anonymous",
            label=label,
            organisation=person.organisation,
            taken_off_list=person.removed,
            named_as=person.display_name
            if state.may_be_named and person.display_name and not person.anonymous
            else None,
        )
    return result


@dataclass(frozen=True)
class PublicContribution:
    contribution: Contribution
    attribution: str | None  # None: anonymous
    roles: tuple[str, ...]  # the contributor's roles, empty when anonymous by withdrawal or unattributed


def contributions(
    session: Session, workshop_id: str, who: dict[str, PersonView] | None = None
) -> list[PublicContribution]:
    """Contributions that may appear in an export, in the order they were made, with their attribution."""
    who = who if who is not None else people(session, workshop_id)
    rows = session.exec(
        select(Contribution)
        .where(Contribution.workshop_id == workshop_id, col(Contribution.hidden).is_(False))
        .order_by(col(Contribution.created_at))
    )
    result: list[PublicContribution] = []
    for item in rows:
        person = who.get(item.participant_id) if item.participant_id else None
        if person is not None and person.removed_by_withdrawal:
            continue
        if person is None or person.anonymous_by_withdrawal:
            result.append(PublicContribution(item, None, ()))
        else:
            result.append(PublicContribution(item, person.label, person.roles))
    return result


def excluded_participant_ids(who: dict[str, PersonView]) -> set[str]:
    """People whose ballots and contributions must be left out of every export."""
    return {pid for pid, view in who.items() if view.removed_by_withdrawal}
