"""``passive``: s-passive and bli-passive. Advice, not an error: sometimes passive is right.

Myndigheternas skrivregler ask for the active voice where it matters who acts: the reader must
see who decides and who must do something. Two passives clearly hide that, and are shown by
default:

* a passive whose agent the sentence names ("har prövats av nämnden"): the active sentence is
  right there ("Nämnden har prövat …");
* any passive in a text that addresses its reader ("du", "din", "ni"): in a letter or a decision
  to a person, the one who acts is either the authority ("vi") or the reader ("du").

A passive without an agent in a text that addresses nobody (a ruling, a bill, minutes) is often
defensible: the agent is unknown, general or obvious ("ärendet kan överklagas", "lagen ändras").
With ``agentless: tips`` those findings are tips, shown only on request; the message then
never invents an agent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from spacy.tokens import Doc

from klarsprak.analysis.audience import addresses_reader
from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.analysis.passive import active_form, agent_of, find_passives
from klarsprak.analysis.schema import Schema


@register
class PassiveVoice(Kind):
    """Parameters: ``form``: ``s`` (beviljas) or ``bli`` (blev beviljad); ``agentless``:
    ``tips`` to make a passive without an agent, in a text that addresses nobody, a tip."""

    name = "passive"
    placeholders = frozenset({"active", "verb", "advice"})

    class Parameters(Schema):
        form: Literal["s", "bli"] = "s"
        agentless: Literal["default", "tips"] = "default"

    def find(self, doc: Doc) -> Iterable[Hit]:
        form = self.params.get("form", "s")
        agentless = self.params.get("agentless", "default")
        for passive in find_passives(doc):
            if passive.form != form:
                continue
            span = doc[passive.start : passive.end]
            active = active_form(passive)
            agent = agent_of(passive.verb)
            level = None
            if agent is not None and active:
                who = doc[agent[0] : agent[1]].text
                advice = f"Skriv vem som gör något först: ”{who[:1].upper() + who[1:]} {active} …”"
            elif addresses_reader(doc):
                advice = ("Skriv vem som gör något: ”vi” om det är ni, ”du” om det är läsaren"
                          + (f", till exempel ”Vi {active} …”." if active else "."))
            else:
                advice = "Skriv ut vem som gör något om det är viktigt för läsaren att veta det."
                if agentless == "tips" and agent is None:
                    level = "tips"  # "blev undersökt av Ögonkliniken" names who acts: still shown
            values = {"match": span.text, "active": active or "…", "verb": passive.verb.text, "advice": advice}
            yield Hit(span.start_char, span.end_char, values, level=level)
