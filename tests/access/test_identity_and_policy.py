"""The access policy and how a signed-in person's role is found: literal cases for each role,
each source of a role, and a person with no role."""

from __future__ import annotations

import pytest

from access.context import SYSTEM, as_viewer, current_viewer
from access.identity import resolve
from access.policy import AccessDenied, may_open, require, viewer_for

TABLE = {"ana@warwickshire.gov.uk": "analyst", "dm@warwickshire.gov.uk": "data_manager"}
DOMAINS = ["warwickshire.gov.uk", "warwickshire.police.uk"]
GROUPS = {"0b1c-svd-board": "board"}


def test_roles_come_from_the_token_first_then_groups_then_the_table():
    assert resolve({"email": "ana@warwickshire.gov.uk", "roles": ["board"]}, TABLE, DOMAINS, GROUPS).role == "board"
    viewer = resolve({"email": "x@warwickshire.police.uk", "groups": ["0b1c-svd-board", "other"]}, TABLE, DOMAINS,
                     GROUPS)
    assert (viewer.role, viewer.source) == ("board", "groups")
    viewer = resolve({"email": "Ana@Warwickshire.gov.uk", "name": "Ana"}, TABLE, DOMAINS, GROUPS)
    assert (viewer.role, viewer.source, viewer.email, viewer.name) == ("analyst", "table", "ana@warwickshire.gov.uk", "Ana")


def test_several_roles_give_the_most_capable_and_unknown_roles_are_ignored():
    viewer = resolve({"email": "a@warwickshire.gov.uk", "roles": ["board", "analyst", "admin"]}, {}, DOMAINS, {})
    assert viewer.role == "analyst"


def test_no_role_or_another_domain_sees_nothing():
    nobody = resolve({"email": "new@warwickshire.gov.uk"}, TABLE, DOMAINS, GROUPS)
    assert (nobody.role, nobody.source, nobody.classes) == (None, "none", frozenset())
    outsider = resolve({"email": "ana@gmail.com", "roles": ["data_manager"]}, TABLE, DOMAINS, GROUPS)
    assert (outsider.role, outsider.source) == (None, "domain_not_allowed")


def test_each_role_sees_its_classes_and_pages():
    board, analyst, manager = (viewer_for("e@x", "n", role, "table") for role in ("board", "analyst", "data_manager"))
    assert [may_open(board, a) for a in ("open", "board", "analyst", "data_manager")] == [True, True, False, False]
    assert [may_open(analyst, a) for a in ("open", "board", "analyst", "data_manager")] == [True, True, True, False]
    assert all(may_open(manager, a) for a in ("open", "board", "analyst", "data_manager"))
    with pytest.raises(AccessDenied, match="board member role may not see LSOA-level data"):
        require(board, data_class="lsoa", what="LSOA-level data")
    with pytest.raises(AccessDenied, match="may not download"):
        require(board, action="download")
    require(analyst, data_class="cohort", action="download")
    with pytest.raises(AccessDenied, match="may not upload"):
        require(analyst, action="upload")


def test_outside_a_page_run_the_viewer_is_the_system_and_can_be_changed_for_a_block():
    assert current_viewer() is SYSTEM
    board = viewer_for("b@x", "B", "board", "token")
    with as_viewer(board):
        assert current_viewer() is board
    assert current_viewer() is SYSTEM
