"""Who may ask what: for each route ("METHOD endpoint"), the askers (authz_world.LABELS) that are not refused;
every other asker must be refused (401/403/404 or a redirect to the login page). The target is a member of staff of
Sở Nội vụ ("self"); "x_" askers belong to Sở Khoa học và Công nghệ (same bloc), "x_org" is another bloc's organiser.

Routes without an object in their URL act on the asker's own things (their diary, their unit's queue), so other
units' staff are allowed there; every route that names the target, their unit or their things must refuse them.
Writes are sent with the fields their checks need (authz_client.FORMS) or empty: an empty form that fails
validation (422) before the service's role check counts as not refused, so the role checks inside a unit of those
writes are proven by their own tests; the wall between units and blocs is proven here for every route.
Review a new route's row before adding it (AUTHZ_RECORD=/tmp/authz.jsonl records what each route answered)."""
# Shorthands for the common rows.
EVERYONE = "anon self colleague peer mgr other_mgr head personnel x_staff x_mgr x_head x_personnel org x_org admin"
SIGNED_IN = "self colleague peer mgr other_mgr head personnel x_staff x_mgr x_head x_personnel org x_org admin"
ANY_UNIT_MEMBER = "self colleague peer mgr other_mgr head personnel x_staff x_mgr x_head x_personnel"
THE_UNIT_AND_ABOVE = "self colleague peer mgr other_mgr head personnel org admin"  # everyone who sees Sở Nội vụ
OFFICER = "personnel admin"  # the unit's personnel officer and the admin keep its lists
OFFICER_AND_ORGANISER = "personnel org admin"  # … the bloc's organiser reads them

MATRIX: dict[str, str] = {
    # assignments
    "POST assignments.cancel": "mgr head",
    "POST assignments.create": ANY_UNIT_MEMBER,
    "GET assignments.index": ANY_UNIT_MEMBER,
    # auth
    "GET auth.account_list": "personnel x_personnel admin",
    "POST auth.deactivate": OFFICER,
    "GET auth.login": EVERYONE,
    "POST auth.login": EVERYONE,
    "POST auth.logout": "",
    "POST auth.make_reset_link": OFFICER,
    "GET auth.password": SIGNED_IN,
    "POST auth.password": SIGNED_IN,
    "POST auth.reactivate": OFFICER,
    "GET auth.reset_by_link": "",
    "POST auth.reset_by_link": "",
    "POST auth.reset_password": OFFICER,
    # catalog
    "POST catalog.approve": "head admin",
    "GET catalog.catalogue": THE_UNIT_AND_ABOVE,
    "GET catalog.changes_page": "head personnel org admin",
    "GET catalog.draft_form": OFFICER,
    "GET catalog.item_history": THE_UNIT_AND_ABOVE,
    "GET catalog.pick_for_assignment": "mgr other_mgr head x_mgr x_head",
    "GET catalog.pick_for_diary": ANY_UNIT_MEMBER,
    "POST catalog.propose": THE_UNIT_AND_ABOVE,
    "POST catalog.reject": "head admin",
    "POST catalog.withdraw": OFFICER,
    "GET catalog.batch_card": "head personnel org admin",
    # evaluations
    "POST evaluations.answer": "head personnel",
    "POST evaluations.appeal": "self",
    "POST evaluations.approve": "head",
    "POST evaluations.band": "head",
    "POST evaluations.cap_decision": "head",
    "GET evaluations.close_all": "head personnel x_head x_personnel org x_org admin",
    "POST evaluations.close_all": "head personnel x_head x_personnel org x_org admin",
    "GET evaluations.close_month": "head personnel org admin",
    "POST evaluations.close_month": "head personnel org admin",
    "POST evaluations.flags": "mgr head",
    "GET evaluations.index": SIGNED_IN,
    "GET evaluations.lock_month": "head personnel",
    "POST evaluations.lock_month": "head personnel",
    "GET evaluations.person_scorecard": "self mgr head personnel org admin",
    "GET evaluations.publish_month": "head personnel",
    "POST evaluations.publish_month": "head personnel",
    "POST evaluations.reopen": "head personnel",
    "POST evaluations.review": "mgr",
    "POST evaluations.self_assess": "self",
    "POST evaluations.send_back": "mgr head",
    "GET evaluations.sheet": "self mgr head personnel org admin",
    "GET evaluations.unit_results": THE_UNIT_AND_ABOVE,
    "GET evaluations.work": "self mgr head personnel org admin",
    # guide
    "GET guide.index": SIGNED_IN,
    "GET guide.page": SIGNED_IN,
    "POST guide.pdf": SIGNED_IN,
    # home
    "GET home.healthz": EVERYONE,
    "GET home.index": SIGNED_IN,
    "GET home.readyz": EVERYONE,
    # hours
    "GET hours.index": "mgr other_mgr head personnel x_mgr x_head x_personnel",
    # lists
    "POST lists.confirm": OFFICER,
    "GET lists.export": OFFICER_AND_ORGANISER,
    "GET lists.index": THE_UNIT_AND_ABOVE,
    "POST lists.initial_passwords": OFFICER,
    "GET lists.job": OFFICER_AND_ORGANISER,
    "GET lists.template": OFFICER_AND_ORGANISER,
    "POST lists.upload": OFFICER,
    # okr
    "POST okr.add_key_result": "self colleague mgr head personnel org admin",
    "POST okr.agree": "mgr",
    "POST okr.align": "self colleague mgr head personnel org admin",
    "POST okr.check_in": "self colleague mgr head personnel org admin",
    "POST okr.close": "mgr",
    "POST okr.create": "",
    "POST okr.edit": "self colleague mgr head personnel org admin",
    "POST okr.edit_key_result": "self colleague mgr head personnel org admin",
    "GET okr.entries": "self colleague mgr head personnel org admin",
    "GET okr.excel": "head",
    "GET okr.import_page": "head",
    "POST okr.import_post": "head",
    "GET okr.index": SIGNED_IN,
    "POST okr.link_item": "self colleague mgr head personnel org admin",
    "GET okr.new": ANY_UNIT_MEMBER,
    "GET okr.objective": "self colleague mgr head personnel org admin",
    "POST okr.unalign": "self",
    "GET okr.unit": THE_UNIT_AND_ABOVE,
    "POST okr.unlink_item": "self",
    # org
    "POST org.add_competency": THE_UNIT_AND_ABOVE,
    "POST org.add_division": OFFICER,
    "POST org.add_position": OFFICER,
    "POST org.add_unit": "admin",
    "POST org.change_competency": THE_UNIT_AND_ABOVE,
    "POST org.change_division": OFFICER,
    "POST org.change_position": OFFICER,
    "POST org.change_unit": OFFICER,
    "POST org.close_division": THE_UNIT_AND_ABOVE,
    "POST org.deactivate_unit": "admin",
    "GET org.division_row": THE_UNIT_AND_ABOVE,
    "GET org.divisions": THE_UNIT_AND_ABOVE,
    "GET org.edit_division": OFFICER,
    "GET org.edit_position": OFFICER,
    "POST org.move_competency": THE_UNIT_AND_ABOVE,
    "GET org.new_unit": "admin",
    "GET org.position_card": THE_UNIT_AND_ABOVE,
    "GET org.positions": THE_UNIT_AND_ABOVE,
    "POST org.reactivate_unit": "admin",
    "POST org.remove_competency": OFFICER,
    "POST org.reopen_division": OFFICER,
    "GET org.reporting_lines": OFFICER_AND_ORGANISER,
    "POST org.restore_position": OFFICER,
    "POST org.retire_position": THE_UNIT_AND_ABOVE,
    "POST org.set_evaluator": "org admin",
    "POST org.set_line": OFFICER,
    "GET org.tree": SIGNED_IN,
    "GET org.unit": THE_UNIT_AND_ABOVE,
    "GET org.unit_settings": THE_UNIT_AND_ABOVE,
    # reminders
    "POST reminders.dismiss": "self",
    # reports
    "POST reports.create": THE_UNIT_AND_ABOVE,
    "GET reports.download": "self head personnel org admin",
    "GET reports.index": THE_UNIT_AND_ABOVE,
    "POST reports.retry": "self head personnel org admin",
    "GET reports.status": "self head personnel org admin",
    # staff
    "GET staff.add": OFFICER,
    "POST staff.add": OFFICER,
    "POST staff.change_role": OFFICER_AND_ORGANISER,
    "GET staff.edit": OFFICER_AND_ORGANISER,
    "POST staff.edit": OFFICER_AND_ORGANISER,
    "GET staff.index": OFFICER_AND_ORGANISER,
    "GET staff.move": OFFICER,
    "POST staff.move": OFFICER,
    # worklog
    "POST worklog.add": ANY_UNIT_MEMBER,
    "GET worklog.approval_entry": "mgr head",
    "GET worklog.approvals": "mgr other_mgr head x_mgr x_head",
    "POST worklog.approve": "mgr head",
    "POST worklog.bulk": "mgr other_mgr head x_mgr x_head",
    "POST worklog.delete": "self",
    "GET worklog.diary": ANY_UNIT_MEMBER,
    "GET worklog.edit": "self",
    "GET worklog.entry_row": "self",
    "GET worklog.evidence_file": "self mgr head personnel",
    "POST worklog.return_": "mgr head",
    "POST worklog.submit": ANY_UNIT_MEMBER,
    "POST worklog.update": "self",
    # agency
    "POST agency.approve": "org admin",
    "GET agency.index": "head personnel x_head x_personnel org x_org admin",
    "POST agency.score": "org admin",
    "POST agency.self_assess": "head",
    "POST agency.send_back": "org admin",
    "GET agency.unit_year": "head personnel org admin",
    # standing
    "POST standing.dismiss": "",
    "GET standing.index": "head personnel x_head x_personnel org x_org admin",
    "POST standing.send": "head personnel x_head x_personnel org x_org admin",
    "GET standing.unit": "head personnel org admin",
    # signing
    "POST signing.verify": SIGNED_IN,
    "GET signing.verify_form": SIGNED_IN,
}
