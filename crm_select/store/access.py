"""Who may do what: join tokens (random, stored hashed), actors, roles and the guards.

Every service function takes an `Actor`; pages get one only from `authenticate` (token or
admin code) or `authenticate_oidc` (the e-mail st.login verified). Guards raise
`AccessDenied` (or its subclasses) with a message saying what was refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_select.models.limits import MAX_RATERS
from crm_select.models.text import EMAIL_RULE, KEY_RULE, NAME_RULE
from crm_select.store import audit, schema
from crm_select.store.clock import now
from crm_select.store.engine import Database
from crm_select.store.errors import AccessDenied, InvalidInput, NotFound, WorkspaceLocked
from crm_select.store.inputs import text_arg
from crm_select.store.records import RaterInfo, Role

_Row = TypeVar("_Row")

TOKEN_BYTES = 32


@dataclass(frozen=True)
class Actor:
    """An authenticated participant of one workspace."""

    workspace_id: str
    rater_id: str | None
    role: Role
    name: str = ""

    @classmethod
    def operator(cls, workspace_id: str, name: str = "cli") -> Actor:
        """Server-side tooling (CLI, migrations) that holds database credentials anyway."""
        return cls(workspace_id, None, Role.OPERATOR, name)

    @property
    def label(self) -> str:
        """How the actor appears in the audit log."""
        return self.rater_id or f"{self.role.value}:{self.name}"

    @property
    def is_facilitator(self) -> bool:
        return self.role in (Role.FACILITATOR, Role.OPERATOR)


def new_token() -> str:
    """A random URL-safe secret of 32 bytes (for join links and admin codes)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 hex of a token. A 256-bit random secret needs no slow hash or salt."""
    return hashlib.sha256(token.encode()).hexdigest()


def verify_token(token: str, token_hash: str) -> bool:
    """Constant-time comparison of ``token``'s hash with a stored one."""
    return hmac.compare_digest(hash_token(token), token_hash)


def require_facilitator(actor: Actor, what: str) -> None:
    if not actor.is_facilitator:
        raise AccessDenied(f"only the facilitator may {what}; {actor.label} is a rater")


def load_workspace(session: Session, actor: Actor, *, for_update: bool = False) -> schema.Workspace:
    """The actor's workspace row (row-locked on PostgreSQL when ``for_update``)."""
    stmt = select(schema.Workspace).where(schema.Workspace.id == actor.workspace_id)
    if for_update:
        stmt = stmt.with_for_update()
    ws = session.scalars(stmt).one_or_none()
    if ws is None:
        raise NotFound(f"workspace {actor.workspace_id!r} does not exist")
    return ws


def workspace_rows(session: Session, actor: Actor, table: type[_Row], order: Any) -> list[_Row]:
    """Every row of ``table`` (which has a ``workspace_id`` column) in the actor's workspace,
    ordered by ``order``: the one scoping of tenant data that the listings share."""
    column = table.workspace_id  # type: ignore[attr-defined]
    stmt = select(table).where(column == actor.workspace_id).order_by(order)
    return list(session.scalars(stmt).all())


def require_writable(ws: schema.Workspace) -> None:
    if ws.locked:
        raise WorkspaceLocked(
            f"workspace {ws.id!r} is locked (the decision is final); it is read-only"
        )


def authenticate(db: Database, workspace_id: str, token: str) -> Actor:
    """The actor a join token or admin code belongs to; `AccessDenied` if none.

    Every stored hash of the workspace is compared in constant time, so timing reveals
    neither which rater matched nor how close a guess was.
    """
    with db.read() as s:
        rows = s.execute(
            select(
                schema.Rater.rater_id, schema.Rater.role, schema.Rater.name, schema.Rater.token_hash
            ).where(schema.Rater.workspace_id == workspace_id)
        ).all()
        owners = s.execute(
            select(
                schema.ProjectOwner.owner_id,
                schema.ProjectOwner.name,
                schema.ProjectOwner.token_hash,
            ).where(schema.ProjectOwner.workspace_id == workspace_id)
        ).all()
    presented = hash_token(token or "")
    found = None
    for rater_id, role, name, token_hash in rows:
        if token_hash is not None and hmac.compare_digest(presented, token_hash):
            found = Actor(workspace_id, rater_id, Role(role), name)
    for owner_id, name, token_hash in owners:
        if token_hash is not None and hmac.compare_digest(presented, token_hash):
            found = Actor(workspace_id, owner_id, Role.OWNER, name)
    if found is None:
        raise AccessDenied("invalid or revoked link for this workspace")
    return found


def authenticate_oidc(db: Database, workspace_id: str, email: str) -> Actor:
    """The actor invited with ``email`` (as verified by st.login / OIDC); case-insensitive."""
    wanted = email.strip().lower()
    with db.read() as s:
        rows = s.execute(
            select(
                schema.Rater.rater_id, schema.Rater.role, schema.Rater.name, schema.Rater.email
            ).where(schema.Rater.workspace_id == workspace_id)
        ).all()
    for rater_id, role, name, mail in rows:
        if mail and mail.lower() == wanted and wanted:
            return Actor(workspace_id, rater_id, Role(role), name)
    raise AccessDenied(f"{email!r} is not invited to this workspace")


def invite_rater(
    db: Database,
    actor: Actor,
    rater_id: str,
    name: str,
    *,
    department: str = "",
    email: str | None = None,
) -> str:
    """Add a rater (or update one and replace their token); returns the new join token.

    The token is shown once; only its hash is stored, and any earlier token stops working.
    """
    require_facilitator(actor, "invite raters")
    if not rater_id:
        raise InvalidInput("rater id must not be empty")
    rater_id = text_arg(rater_id, KEY_RULE, "rater id")
    name = text_arg(name, NAME_RULE, "rater name")
    department = text_arg(department, NAME_RULE, "department")
    if email is not None:
        email = text_arg(email, EMAIL_RULE, "e-mail")
    token = new_token()
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        require_writable(ws)
        row = s.scalars(
            select(schema.Rater).where(
                schema.Rater.workspace_id == ws.id, schema.Rater.rater_id == rater_id
            )
        ).one_or_none()
        if row is None:
            members = s.scalar(
                select(func.count())
                .select_from(schema.Rater)
                .where(schema.Rater.workspace_id == ws.id, schema.Rater.role == Role.RATER.value)
            )
            if (members or 0) >= MAX_RATERS:
                raise InvalidInput(f"a decision may have at most {MAX_RATERS} raters")
            row = schema.Rater(
                workspace_id=ws.id, rater_id=rater_id, role=Role.RATER.value, created_at=now()
            )
            s.add(row)
        row.name = name
        row.department = department
        row.email = email
        row.token_hash = hash_token(token)
        audit.record(
            s, actor, "rater.invite", rater=rater_id, name=name, department=department, email=email
        )
    return token


def revoke_token(db: Database, actor: Actor, rater_id: str) -> None:
    """Make a rater's join link stop working (their scores stay)."""
    require_facilitator(actor, "revoke links")
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        row = s.scalars(
            select(schema.Rater).where(
                schema.Rater.workspace_id == ws.id, schema.Rater.rater_id == rater_id
            )
        ).one_or_none()
        if row is None:
            raise NotFound(f"no rater {rater_id!r} in workspace {ws.id!r}")
        if row.role == Role.FACILITATOR.value:
            raise AccessDenied("the facilitator's admin code cannot be revoked, only rotated")
        row.token_hash = None
        audit.record(s, actor, "rater.revoke", rater=rater_id)


def rotate_admin_code(db: Database, actor: Actor) -> str:
    """Issue a new admin code for the facilitator; the old one stops working."""
    require_facilitator(actor, "rotate the admin code")
    code = new_token()
    with db.write() as s:
        ws = load_workspace(s, actor, for_update=True)
        row = s.scalars(
            select(schema.Rater).where(
                schema.Rater.workspace_id == ws.id,
                schema.Rater.role == Role.FACILITATOR.value,
            )
        ).one()
        row.token_hash = hash_token(code)
        audit.record(s, actor, "admin_code.rotate")
    return code


def awaited(p: schema.Rater) -> bool:
    """A rater the rounds wait for: invited (a join link or an e-mail to sign in with).

    A facilitator is not expected to score, nor is a rater the scenario file listed (e.g. an
    example's raters) who was never invited and so has no way to open the form.
    """
    return p.role == Role.RATER.value and (p.token_hash is not None or p.email is not None)


def raters(db: Database, actor: Actor) -> list[RaterInfo]:
    """Everyone in the workspace (names, departments, roles; never tokens)."""
    with db.read() as s:
        rows = workspace_rows(s, actor, schema.Rater, schema.Rater.id)
        return [
            RaterInfo(
                r.rater_id,
                r.name,
                r.department,
                Role(r.role),
                r.email if actor.is_facilitator else None,
                r.token_hash is not None,
                awaited(r),
            )
            for r in rows
        ]
