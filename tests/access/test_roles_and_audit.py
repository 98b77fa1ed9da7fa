"""The role table and the audit trail: edited only by data managers, exact rows, append-only in the
database, retention, and both kept in a file of their own that survives a warehouse rebuild."""

from __future__ import annotations

import sqlite3

import pytest

from access import audit
from access.context import as_viewer
from access.policy import AccessDenied, viewer_for
from access.roles import RoleError, allowed_domains, role_table, set_allowed_domains, set_role

MANAGER = viewer_for("dm@warwickshire.gov.uk", "Dee", "data_manager", "table")
ANALYST = viewer_for("ana@warwickshire.gov.uk", "Ana", "analyst", "table")


@pytest.fixture
def access_file(tmp_path, monkeypatch):
    path = tmp_path / "access.sqlite"
    monkeypatch.setenv("SVD_ACCESS_DB", str(path))
    return path


def _rows(path):
    with sqlite3.connect(path) as con:
        return con.execute("select email, role, event, page, detail from audit order by audit_id").fetchall()


def test_a_data_manager_gives_and_removes_roles_and_each_change_is_audited(access_file):
    with as_viewer(MANAGER):
        set_role("Ana@Warwickshire.gov.uk", "analyst")
        set_role("ana@warwickshire.gov.uk", "board")
        set_role("chair@warwickshire.gov.uk", "board")
        set_role("chair@warwickshire.gov.uk", None)
        set_allowed_domains(["warwickshire.gov.uk", "@Warwickshire.Police.uk", ""])
        with pytest.raises(RoleError, match="'nobody' is not an e-mail address"):
            set_role("nobody", "board")
    assert role_table() == {"ana@warwickshire.gov.uk": "board"}
    assert allowed_domains() == ["warwickshire.gov.uk", "warwickshire.police.uk"]
    who = ("dm@warwickshire.gov.uk", "data_manager", "role", "")
    assert _rows(access_file) == [
        (*who, '{"email": "ana@warwickshire.gov.uk", "from": null, "to": "analyst"}'),
        (*who, '{"email": "ana@warwickshire.gov.uk", "from": "analyst", "to": "board"}'),
        (*who, '{"email": "chair@warwickshire.gov.uk", "from": null, "to": "board"}'),
        (*who, '{"email": "chair@warwickshire.gov.uk", "from": "board", "to": null}'),
        (*who, '{"allowed_domains": {"from": [], "to": ["warwickshire.gov.uk", "warwickshire.police.uk"]}}'),
    ]


def test_an_analyst_may_not_change_roles_or_read_the_audit_trail(access_file):
    with as_viewer(ANALYST):
        with pytest.raises(AccessDenied, match="^The analyst role may not manage roles.$"):
            set_role("x@warwickshire.gov.uk", "data_manager")
        with pytest.raises(AccessDenied, match="^The analyst role may not see the audit trail.$"):
            audit.read()
    with as_viewer(MANAGER):
        assert audit.read().empty


def test_the_audit_trail_is_append_only_and_old_rows_go_after_the_retention_period(access_file):
    audit.record("page", page="trends", viewer=ANALYST)
    with sqlite3.connect(access_file) as con, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("update audit set email = 'someone@else'")
    with sqlite3.connect(access_file) as con, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("delete from audit")
    with sqlite3.connect(access_file) as con:
        con.execute("drop trigger audit_no_delete")  # only to plant an old row for the test
        con.execute("insert into audit (at, email, role, event) values ('2001-01-01T00:00:00', 'old@x', 'board', 'page')")
    assert audit.purge(days=30) == 1
    assert [row[2] for row in _rows(access_file)] == ["page"]
