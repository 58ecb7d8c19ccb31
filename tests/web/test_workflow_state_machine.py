"""The review workflow as a state machine (hypothesis): random sequences of actions by every role
through ``klarsprak.review.services``, with the invariants checked after every step:

- no skipped states: each step changes a text's state by at most one allowed transition, and
  replaying the audit log from utkast through the transition table gives the state stored;
- audit complete: every state change, comment and reply has its audit event;
- an approved version never changes (its original and the reviewers' copy);
- every comment acknowledged is stored and reachable from the author's page (the thread of
  top-level comments and their replies);
- approvals only from distinct reviewers (APPROVALS_NEEDED=2), never from the author;
- nothing is archived while reviewers have it, and only the author or staff bring it back;
- a refused action changes nothing, and a stale edit never overwrites."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, settings
from hypothesis import event as note_event
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from klarsprak.extensions import db
from klarsprak.review import services
from klarsprak.review.models import AuditEvent, Comment, Review, Revision, Text, User, utcnow
from klarsprak.review.states import IllegalTransition, TextState, next_state

APPROVALS_NEEDED = 2
# Free of personal data, so that a submit is refused only for workflow reasons.
BODIES = ["Vi har tagit emot din ansökan. Du får svar inom två veckor.",
          "Du har fått bistånd till hemtjänst. Ring oss om du undrar något.",
          "Ansökan har beviljats. Beslutet gäller från första maj."]
REMARKS = ["Vad betyder bistånd?", "Skriv kortare meningar.", "Bra och tydligt."]
# Audit actions that move a text, and the transition each one is.
MOVES = {"submit": "submit", "claim": "claim", "release": "release", "claim_expired": "release",
         "request_changes": "request_changes", "approve": "approve", "approve_partly": "approve_partly",
         "new_version": "new_version", "withdraw": "withdraw", "archive": "archive", "unarchive": "unarchive"}
REFUSED = (services.WorkflowError, IllegalTransition)
# Who acts: anyone of the seven people, and often the one the step is meant for (the text's
# author, the reviewer holding its claim, a reviewer who has not approved it), so that runs get
# as far as two approvals.
AUTHORS = st.sampled_from(["author"] * 5 + list(range(7)))
REVIEWERS = st.sampled_from(["holder"] * 3 + ["reviewer"] * 3 + list(range(7)))
RUNS = itertools.count()


def workflow_machine(make_user):
    """A state machine class whose every run has its own people and texts (the database is
    shared by the runs of one test; every invariant looks at this run's texts only)."""

    class Workflow(RuleBasedStateMachine):
        texts = Bundle("texts")

        def __init__(self) -> None:
            super().__init__()
            run = next(RUNS)
            self.writers = [make_user("skribent", f"skribent-{run}-{i}") for i in range(2)]
            self.reviewers = [make_user("granskare", f"granskare-{run}-{i}") for i in range(3)]
            self.staff = [make_user("kommunikator", f"kommunikator-{run}"), make_user("admin", f"admin-{run}")]
            self.everyone = self.writers + self.reviewers + self.staff
            self.text_ids: list[int] = []
            self.states: dict[int, str] = {}
            self.approved: dict[tuple[int, int], tuple[str, str | None]] = {}
            self.comment_ids: set[int] = set()
            self.last_event = db.session.scalar(select(func.max(AuditEvent.id))) or 0

        # --- helpers -------------------------------------------------------------------------

        def text(self, text_id: int) -> Text:
            db.session.expire_all()
            return db.session.get(Text, text_id)

        def person(self, text: Text, who: str | int) -> User:
            if who == "author":
                return db.session.get(User, text.author_id)
            if who == "holder" and text.claimed_by_id is not None:
                return db.session.get(User, text.claimed_by_id)
            if who in ("holder", "reviewer"):  # a reviewer who has not approved this version yet
                fresh = [r for r in self.reviewers if not services.has_approved(r, text)]
                return (fresh or self.reviewers)[0]
            return self.everyone[who]

        def snapshot(self) -> tuple:
            db.session.expire_all()
            texts = db.session.execute(select(Text.id, Text.state, Text.lock_version, Text.current_version)
                                       .where(Text.id.in_(self.text_ids)).order_by(Text.id)).all()
            counts = [db.session.scalar(select(func.count()).select_from(model)) for model in
                      (AuditEvent, Comment, Review, Revision)]
            return tuple(texts), tuple(counts)

        def attempt(self, action) -> object | None:
            """Run a service call; when it is refused, nothing may have changed."""
            before = self.snapshot()
            try:
                return action()
            except REFUSED:
                db.session.rollback()
                assert self.snapshot() == before, "a refused action changed something"
                return None

        # --- actions -------------------------------------------------------------------------

        def add_text(self, writer: int, body: str) -> int:
            text = services.create_text(self.writers[writer], "Beslut om bistånd", "beslut", "", body)
            self.text_ids.append(text.id)
            self.states[text.id] = text.state
            return text.id

        @initialize(target=texts, body=st.sampled_from(BODIES))
        def first_text(self, body):
            return self.add_text(0, body)

        @precondition(lambda self: len(self.text_ids) < 3)  # few texts, each taken far
        @rule(target=texts, writer=st.integers(0, 1), body=st.sampled_from(BODIES))
        def create(self, writer, body):
            return self.add_text(writer, body)

        @rule(text_id=texts, choice=st.sampled_from(["approve", "changes", "comment"]),
              body=st.sampled_from(BODIES), remark=st.sampled_from(REMARKS))
        def next_step(self, text_id, choice, body, remark):
            """The step the workflow asks for, by the person it asks of: random actions alone
            seldom get a text through two approvals."""
            text = self.text(text_id)
            state, author = text.state_enum, db.session.get(User, text.author_id)
            if state == TextState.DRAFT:
                self.attempt(lambda: services.submit(author, text, text.lock_version))
            elif state == TextState.WAITING:
                self.attempt(lambda: services.claim(self.person(text, "reviewer"), text))
            elif state == TextState.IN_REVIEW and choice == "comment":
                self.comment(text_id, "holder", remark, True, None)
            elif state == TextState.IN_REVIEW:
                self.decide(text_id, "holder", choice == "approve")
            elif state == TextState.CHANGES_REQUESTED and choice == "comment":
                self.reply(text_id, "author", remark)
            elif state == TextState.CHANGES_REQUESTED:
                self.attempt(lambda: services.new_version(author, text, body + " Ny version.", text.lock_version))

        @rule(text_id=texts, who=AUTHORS, body=st.sampled_from(BODIES))
        def edit(self, text_id, who, body):
            """Save the draft, or write a new version when changes were asked for."""
            text = self.text(text_id)
            user = self.person(text, who)
            if text.state_enum == TextState.CHANGES_REQUESTED:
                self.attempt(lambda: services.new_version(user, text, body + " Ny version.", text.lock_version))
            else:
                self.attempt(lambda: services.save_draft(user, text, body, None, text.lock_version))

        @rule(text_id=texts, body=st.sampled_from(BODIES))
        def stale_edit(self, text_id, body):
            """The author posts a form loaded before the last change: always refused."""
            text = self.text(text_id)
            author = db.session.get(User, text.author_id)
            before = text.revision().body
            outcome = self.attempt(lambda: services.save_draft(author, text, body + " Gammal.", None,
                                                               text.lock_version - 1) or "saved")
            assert outcome is None and self.text(text_id).revision().body == before

        @rule(text_id=texts, who=AUTHORS)
        def submit(self, text_id, who):
            text = self.text(text_id)
            self.attempt(lambda: services.submit(self.person(text, who), text, text.lock_version))

        @rule(text_id=texts, who=REVIEWERS)
        def claim(self, text_id, who):
            text = self.text(text_id)
            self.attempt(lambda: services.claim(self.person(text, who), text))

        @rule(text_id=texts, who=REVIEWERS)
        def release(self, text_id, who):
            text = self.text(text_id)
            self.attempt(lambda: services.release(self.person(text, who), text))

        @rule(text_id=texts)
        def claim_runs_out(self, text_id):
            text = self.text(text_id)
            if text.claimed_at is not None:
                text.claimed_at = utcnow().replace(year=2000)
                db.session.commit()
            services.expire_claims(days=7)

        @rule(text_id=texts, who=AUTHORS)
        def withdraw(self, text_id, who):
            text = self.text(text_id)
            self.attempt(lambda: services.withdraw(self.person(text, who), text))

        @rule(text_id=texts, who=st.sampled_from(["author", *range(7)]), now=st.integers(0, 3))
        def archive(self, text_id, who, now):
            if now:  # one time in four: runs are short, and most should get through review
                return
            text = self.text(text_id)
            state = text.state_enum
            done = self.attempt(lambda: services.archive(self.person(text, who), text) or "archived")
            if state in (TextState.WAITING, TextState.IN_REVIEW):
                assert done is None, "a text was archived while reviewers had it"

        @rule(text_id=texts, who=st.sampled_from(["author", *range(7)]))
        def unarchive(self, text_id, who):
            """Back from the archive as a draft: the author or staff (people 5 and 6), nobody else."""
            text = self.text(text_id)
            user, state, version = self.person(text, who), text.state_enum, text.current_version
            sent = text.revision().review_body is not None
            done = self.attempt(lambda: services.unarchive(user, text) or "restored")
            allowed = state == TextState.ARCHIVED and (user.id == text.author_id or user in self.staff)
            assert (done is not None) == allowed
            if done:  # a version reviewers saw stays as it was: the draft is a new version of it
                assert self.text(text_id).current_version == version + (1 if sent else 0)

        @rule(text_id=texts, who=REVIEWERS, remark=st.sampled_from(REMARKS), passage=st.booleans(),
              verdict=st.sampled_from([None, *services.VERDICTS]))
        def comment(self, text_id, who, remark, passage, verdict):
            text = self.text(text_id)
            shared = text.shared_revision()
            end = min(10, len(shared.review_body or "")) if (passage and shared) else None
            made = self.attempt(lambda: services.add_comment(self.person(text, who), text, remark,
                                                             0 if end else None, end or None, verdict))
            if made is not None:
                self.comment_ids.add(made[0].id)

        @rule(text_id=texts, who=st.sampled_from(["author", "holder", *range(7)]), remark=st.sampled_from(REMARKS))
        def reply(self, text_id, who, remark):
            text = self.text(text_id)
            parent = db.session.scalar(select(Comment).where(Comment.text_id == text_id).order_by(Comment.id.desc()))
            if parent is None:
                return
            made = self.attempt(lambda: services.reply(self.person(text, who), text, parent, remark))
            if made is not None:
                self.comment_ids.add(made[0].id)

        @rule(text_id=texts, who=REVIEWERS, approve=st.booleans())
        def decide(self, text_id, who, approve):
            text = self.text(text_id)
            self.attempt(lambda: services.decide(
                self.person(text, who), text, vardat=4, enkelt=3, begripligt=4, summary="",
                decision="approve" if approve else "changes", approvals_needed=APPROVALS_NEEDED, minutes=15))

        # --- invariants ----------------------------------------------------------------------

        def events(self, after: int = 0) -> list[AuditEvent]:
            return db.session.scalars(select(AuditEvent).where(AuditEvent.text_id.in_(self.text_ids),
                                                               AuditEvent.id > after).order_by(AuditEvent.id)).all()

        @invariant()
        def no_skipped_states_and_audit_complete(self):
            db.session.expire_all()
            new_events = self.events(self.last_event)
            replayed: dict[int, TextState] = {}
            for event in self.events():
                if event.action == "create":
                    replayed[event.text_id] = TextState.DRAFT
                elif event.action in MOVES:
                    replayed[event.text_id] = next_state(MOVES[event.action], replayed[event.text_id])
            for text_id in self.text_ids:
                state = TextState(self.text(text_id).state)
                assert replayed[text_id] == state, f"text {text_id}: the audit log says {replayed[text_id]}"
                moves = [e.action for e in new_events if e.text_id == text_id and e.action in MOVES]
                previous = TextState(self.states[text_id])
                if state == previous:  # no transition leads back to where it started
                    assert moves == [], f"text {text_id}: {moves} logged but the state is still {state}"
                else:
                    assert len(moves) == 1, f"text {text_id}: {previous} -> {state} in one step via {moves}"
                    assert next_state(MOVES[moves[0]], previous) == state
                self.states[text_id] = state.value
                note_event(f"a text reached {state.label}")  # --hypothesis-show-statistics: how far runs get
            if new_events:
                self.last_event = new_events[-1].id

        @invariant()
        def approved_versions_never_change(self):
            for text_id in self.text_ids:
                text = self.text(text_id)
                if text.state_enum == TextState.APPROVED:
                    revision = text.revision()
                    self.approved.setdefault((text_id, revision.number), (revision.body, revision.review_body))
            for (text_id, number), (body, review_body) in self.approved.items():
                revision = db.session.scalar(select(Revision).where(Revision.text_id == text_id,
                                                                    Revision.number == number))
                assert (revision.body, revision.review_body) == (body, review_body)

        @invariant()
        def approvals_from_distinct_reviewers(self):
            reviews = db.session.scalars(select(Review).where(Review.text_id.in_(self.text_ids))).all()
            approvals = [(r.text_id, r.revision_number, r.reviewer_id) for r in reviews if r.decision == "approve"]
            assert len(approvals) == len(set(approvals)), "one reviewer approved one version twice"
            authors = {t: self.text(t).author_id for t in self.text_ids}
            assert all(reviewer != authors[t] for t, _v, reviewer in approvals)
            for event in self.events():
                if event.action == "approve":
                    distinct = {r for t, v, r in approvals if t == event.text_id and v == event.revision_number}
                    assert len(distinct) >= APPROVALS_NEEDED

        @invariant()
        def every_comment_reachable(self):
            """As the author's page shows them: top-level comments of the text, then their replies."""
            reachable: set[int] = set()
            stored = 0
            for text_id in self.text_ids:
                top = db.session.scalars(select(Comment).where(Comment.text_id == text_id, Comment.parent_id.is_(None))
                                         .options(selectinload(Comment.replies))).all()
                threads = [top]
                while threads:
                    for comment in threads.pop():
                        reachable.add(comment.id)
                        threads.append(comment.replies)
                stored += db.session.scalar(select(func.count()).select_from(Comment).where(Comment.text_id == text_id))
            assert self.comment_ids <= reachable and len(reachable) == stored
            actions = [e.action for e in self.events()]
            assert actions.count("comment") + actions.count("reply") == stored

    return Workflow


def test_workflow_invariants_hold_for_random_action_sequences(app, make_user):
    """About 30 s per engine: 15 runs of up to 50 steps."""
    app.config["APPROVALS_NEEDED"] = APPROVALS_NEEDED
    run_state_machine_as_test(workflow_machine(make_user), settings=settings(
        max_examples=15, stateful_step_count=50, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
