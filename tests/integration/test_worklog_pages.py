"""The diary and the approval queue as pages and htmx fragments."""
import re
import unicodedata

from sqlmodel import select

from webapp.models import DiaryEntry

from webapp.worklog.queries import WEEKDAYS, week_of

from .worklog_data import actor, add_entry, common_item, entry_input, form_of, submitted, team, working_day


def _add(user, session, t, hx=True, **kw):
    """Post the add form for today (item SNV-010 unless code= says otherwise)."""
    data = form_of(entry_input(common_item(session, t.unit, kw.pop("code", "SNV-010")), working_day(session), **kw))
    return user.post("/diary/entries", data, hx=hx)


def _entries(session, t) -> list[DiaryEntry]:
    """The staff member's entries as the database has them now."""
    session.expire_all()
    return list(session.exec(select(DiaryEntry).where(DiaryEntry.person_id == t.person_id)
                             .order_by(DiaryEntry.id)).all())


def test_the_day_view_shows_the_add_form_with_the_items_of_the_persons_position(login, session):
    t = team(session)
    page = login(t.staff.username).get("/diary").get_data(as_text=True)
    assert 'id="entry-form"' in page and 'name="csrf_token"' in page
    assert "<b>SNV-001</b> · Văn bản hành chính" in page and "K = 1,00" in page
    assert "SNV-002" not in page  # a leaders' item
    assert "Nhật ký công việc" in page and working_day(session).strftime("%d/%m/%Y") in page


def _picked(html: str) -> list[str]:
    """The codes the picker lists, in order."""
    return re.findall(r'<label class="item-result[^"]*"><input type="radio" name="item_id" value="\d+"[^>]*>\s*<b>([^<]+)</b>', html)


def test_the_item_picker_searches_without_diacritics(login, session):
    t = team(session)
    html = login(t.staff.username).get("/picker/diary?q=bao+cao+dinh+ky&picker=new", hx=True).get_data(as_text=True)
    assert html.startswith('<div id="item-results-new"')
    assert "<b>SNV-010</b> · Báo cáo định kỳ" in html and "K = 1,25" in html
    assert "SNV-001" not in html


def test_the_item_picker_matches_every_word_in_any_order_over_code_name_and_unit(login, session):
    t = team(session)
    user = login(t.staff.username)
    # "Báo cáo định kỳ (tháng, quý, 6 tháng, năm)": the words are not next to each other, nor in this order
    assert _picked(user.get("/picker/diary?q=QUY+bao+cao&picker=new", hx=True).get_data(as_text=True)) == ["SNV-010"]
    by_unit = _picked(user.get("/picker/diary?q=bao+cao+ve+linh+vuc&picker=new", hx=True).get_data(as_text=True))
    assert by_unit == ["SNV-010"]  # "về lĩnh vực" in the name, "báo cáo" the unit of measure too
    assert _picked(user.get("/picker/diary?q=snv-011&picker=new", hx=True).get_data(as_text=True)) == ["SNV-011"]
    nothing = user.get("/picker/diary?q=bao+cao+xyz&picker=new", hx=True).get_data(as_text=True)
    assert _picked(nothing) == [] and "Không tìm thấy sản phẩm/công việc nào" in nothing


def test_the_item_picker_finds_a_weekly_report_typed_without_accents(login, session, make):
    unit = make.unit()
    make.item(unit, code="XT-012", name="Xây dựng báo cáo định kỳ tuần, tháng theo lĩnh vực")
    make.item(unit, code="XT-013", name="Báo cáo tháng")
    _, staff = make.person(unit)
    html = login(staff.username).get("/picker/diary?q=Bao+cao+TUAN&picker=new", hx=True).get_data(as_text=True)
    assert _picked(html) == ["XT-012"]


def test_the_item_picker_keeps_the_chosen_item_when_a_search_leaves_it_out(login, session):
    t = team(session)
    chosen = common_item(session, t.unit, "SNV-001")
    html = login(t.staff.username).get(f"/picker/diary?q=bao+cao+dinh+ky&picker=e12&item_id={chosen.id}",
                                       hx=True).get_data(as_text=True)
    assert html.startswith('<div id="item-results-e12"')
    assert _picked(html) == ["SNV-001", "SNV-010"]
    assert re.search(rf'class="item-result pinned"><input type="radio" name="item_id" value="{chosen.id}" checked>', html)


def test_the_item_picker_lists_the_whole_catalogue_as_radio_buttons_in_the_form(login, session):
    t = team(session)
    page = login(t.staff.username).get("/diary").get_data(as_text=True)
    form = re.search(r'<form id="entry-form".*?</form>', page, re.S).group(0)
    assert 'id="item-q-new"' in form and 'hx-get="/picker/diary"' in form
    assert "<select" not in form.split('id="item-picker-new"')[1].split("</div>")[0]  # one step: no select
    assert len(_picked(form)) > 20 and "SNV-002" not in _picked(form)


def test_adding_an_entry_returns_its_row_and_the_totals_and_the_form_clears_itself(login, session):
    t = team(session)
    response = _add(login(t.staff.username), session, t, quantity="3", hours="2.5")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    entry = _entries(session, t)[0]
    assert html.lstrip().startswith(f'<tr id="entry-{entry.id}"')
    assert re.search(r'id="day-totals"[^>]*hx-swap-oob="true"', html)
    assert '<b class="total-hours">2,5</b>' in html and '<b class="total-converted">3,75</b>' in html
    assert 'id="entry-form"' not in html  # not re-rendered: it clears its own fields after a success
    page = login(t.staff.username).get("/diary").get_data(as_text=True)
    assert re.search(r'id="entry-form"[^>]*data-reset-after-save="[^"]*description', page, re.S)  # static/js/app.js
    assert "Nháp" in html


def test_invalid_input_rerenders_the_form_with_a_vietnamese_message_next_to_the_field(login, session):
    t = team(session)
    response = _add(login(t.staff.username), session, t, quantity="0")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#entry-form"
    assert re.search(r'has-error">\s*<label for="new-quantity">Số lượng</label>', html)
    assert "Số lượng phải lớn hơn 0." in html
    assert _entries(session, t) == []


def test_a_missing_item_is_reported_on_the_item_field(login, session):
    t = team(session)
    user = login(t.staff.username)
    response = user.post("/diary/entries", {"work_date": working_day(session).isoformat(), "quantity": "1",
                                            "hours": "1"}, hx=True)
    assert response.status_code == 422
    assert "Vui lòng chọn sản phẩm/công việc." in response.get_data(as_text=True)


def test_a_vietnamese_decimal_comma_is_accepted(login, session):
    t = team(session)
    data = {**form_of(entry_input(common_item(session, t.unit), working_day(session))), "quantity": "1,5", "hours": "0,75"}
    assert login(t.staff.username).post("/diary/entries", data, hx=True).status_code == 200
    entry = _entries(session, t)[0]
    assert (str(entry.quantity), str(entry.hours)) == ("1.50", "0.75")


def test_text_posted_decomposed_is_stored_in_nfc(login, session):
    t = team(session)
    _add(login(t.staff.username), session, t, description=unicodedata.normalize("NFD", "Thẩm định hồ sơ"))
    assert _entries(session, t)[0].description == "Thẩm định hồ sơ"


def test_a_plain_form_post_redirects_back_to_the_day(login, session):
    t = team(session)
    response = _add(login(t.staff.username), session, t, hx=False)
    assert response.status_code == 303 and "/diary?day=" in response.headers["Location"]


def test_editing_a_draft_returns_the_updated_row_and_totals(login, session):
    t = team(session)
    user = login(t.staff.username)
    _add(user, session, t, quantity="2")
    entry = _entries(session, t)[0]
    assert 'name="version" value="1"' in user.get(f"/diary/entries/{entry.id}/edit", hx=True).get_data(as_text=True)
    data = form_of(entry_input(common_item(session, t.unit, "SNV-010"), entry.work_date, "4", "3"))
    html = user.post(f"/diary/entries/{entry.id}", {**data, "version": "1"}, hx=True).get_data(as_text=True)
    assert f'<tr id="entry-{entry.id}"' in html and '<b class="total-converted">5</b>' in html
    assert _entries(session, t)[0].version == 2


def test_an_edit_with_a_stale_version_is_a_conflict(login, session):
    t = team(session)
    user = login(t.staff.username)
    _add(user, session, t)
    entry = _entries(session, t)[0]
    data = form_of(entry_input(common_item(session, t.unit, "SNV-010"), entry.work_date, "4"))
    assert user.post(f"/diary/entries/{entry.id}", {**data, "version": "1"}, hx=True).status_code == 200
    assert user.post(f"/diary/entries/{entry.id}", {**data, "version": "1"}, hx=True).status_code == 409


def test_deleting_a_draft_removes_the_row_and_updates_the_totals(login, session):
    t = team(session)
    user = login(t.staff.username)
    _add(user, session, t)
    entry = _entries(session, t)[0]
    html = user.post(f"/diary/entries/{entry.id}/delete", {"version": "1"}, hx=True).get_data(as_text=True)
    assert "<tr" not in html and 'id="day-totals"' in html and '<b class="total-count">0</b>' in html
    assert _entries(session, t) == []


def test_submitting_the_day_marks_every_draft_sent(login, session):
    t = team(session)
    user = login(t.staff.username)
    _add(user, session, t)
    _add(user, session, t, code="SNV-001")
    html = user.post("/diary/submit", {"day": working_day(session).isoformat()}, hx=True).get_data(as_text=True)
    assert html.lstrip().startswith('<tbody id="entry-rows">') and html.count('class="status status-submitted"') == 2
    assert [e.status for e in _entries(session, t)] == ["submitted", "submitted"]
    again = user.post("/diary/submit", {"day": working_day(session).isoformat()}, hx=True)
    assert again.status_code == 422 and "Không có mục nhật ký nháp" in again.get_data(as_text=True)


def test_submitting_a_day_says_how_many_entries_of_which_day_were_sent(login, session):
    t = team(session)
    user, day = login(t.staff.username), working_day(session)
    _add(user, session, t)
    _add(user, session, t, code="SNV-001")
    html = user.post("/diary/submit", {"day": day.isoformat()}, hx=True).get_data(as_text=True)
    flash = re.search(r'<div id="messages"[^>]*hx-swap-oob="true">([^<]*)</div>', html).group(1)
    assert flash == f"Đã gửi duyệt 2 mục nhật ký ngày {WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}."


def test_submitting_a_day_without_htmx_says_so_on_the_page_it_returns_to(login, session):
    t = team(session)
    user, day = login(t.staff.username), working_day(session)
    _add(user, session, t)
    response = user.post("/diary/submit", {"day": day.isoformat()})
    assert response.status_code == 303
    page = user.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Đã gửi duyệt 1 mục nhật ký ngày {WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}." in page
    assert "Đã gửi duyệt 1 mục" not in user.get(response.headers["Location"]).get_data(as_text=True)  # once


def test_submitting_a_week_says_how_many_entries_of_which_days_were_sent(login, session):
    t = team(session)
    user, today, earlier = login(t.staff.username), working_day(session), working_day(session, 1)
    for day in {today, earlier}:
        add_entry(session, actor(t.staff), entry_input(common_item(session, t.unit), day))
    response = user.post("/diary/submit", {"day": today.isoformat(), "week": "y"})
    page = user.get(response.headers["Location"]).get_data(as_text=True)
    start, end = week_of(today)
    sent = sorted(d for d in {today, earlier} if start <= d <= end)
    days = ", ".join(f"{d:%d/%m}" for d in sent)
    assert (f"Đã gửi duyệt {len(sent)} mục nhật ký tuần {start:%d/%m} – {end:%d/%m/%Y} (các ngày {days})."
            in page)


def test_the_week_view_lists_each_day_with_its_totals(login, session):
    t = team(session)
    submitted(session, t, working_day(session), quantity="2", hours="3")
    page = login(t.staff.username).get("/diary?week=1").get_data(as_text=True)
    assert page.count('class="day-head"') == 7
    assert "Tổng số giờ cả tuần" in page and '<b class="total-hours">3</b>' in page


def test_the_queue_lists_submitted_entries_and_the_nav_counts_them(login, session):
    t = team(session)
    entries = [submitted(session, t, working_day(session)) for _ in range(2)]
    page = login(t.manager.username).get("/approvals").get_data(as_text=True)
    assert all(f'id="approval-{e.id}"' in page for e in entries)
    assert re.search(r'id="pending-count"[^>]*>2<', page)


def test_the_queue_filters_by_person_and_date(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    user = login(t.manager.username)
    mine = user.get(f"/approvals?person={t.person_id}", hx=True).get_data(as_text=True)
    assert mine.startswith('<tbody id="approval-rows"') and f'id="approval-{entry.id}"' in mine
    other_day = working_day(session, 1).isoformat()
    assert f'id="approval-{entry.id}"' not in user.get(f"/approvals?day={other_day}", hx=True).get_data(as_text=True)


def test_approving_a_row_removes_it_and_updates_the_counter_out_of_band(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    submitted(session, t, working_day(session))
    html = login(t.manager.username).post(f"/approvals/{entry.id}/approve", {"version": str(entry.version),
                                                                               "quality_errors": "0"}, hx=True)
    text = html.get_data(as_text=True)
    assert '<tr id="approval-' not in text
    assert re.search(r'<span id="pending-count"[^>]*hx-swap-oob="true">1<', text)
    assert re.search(r'<tr id="group-[\d-]+" class="group-head" hx-swap-oob="true">', text) and "· 1 mục ·" in text
    assert "Đã duyệt mục nhật ký" in text


def test_returning_without_a_reason_shows_the_message_next_to_the_field(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    response = login(t.manager.username).post(f"/approvals/{entry.id}/return", {"version": str(entry.version),
                                                                                 "reason": " "}, hx=True)
    assert response.status_code == 422
    assert f'<tr id="approval-{entry.id}" class="entry open"' in response.get_data(as_text=True)
    assert "Vui lòng nêu lý do trả lại." in response.get_data(as_text=True)


def test_the_author_sees_the_return_reason_in_their_diary(login, session):
    t = team(session)
    entry = submitted(session, t, working_day(session))
    login(t.manager.username).post(f"/approvals/{entry.id}/return", {"version": str(entry.version),
                                                                      "reason": "Thiếu minh chứng"}, hx=True)
    page = login(t.staff.username).get("/diary").get_data(as_text=True)
    assert "Bị trả lại" in page and "Lý do trả lại: Thiếu minh chứng" in page
    assert f'hx-get="/diary/entries/{entry.id}/edit"' in page


def test_bulk_approval_of_checked_rows_rerenders_the_queue(login, session):
    t = team(session)
    entries = [submitted(session, t, working_day(session)) for _ in range(3)]
    selected = [f"{e.id}:{e.version}" for e in entries[:2]]
    response = login(t.manager.username).post("/approvals/bulk", {"selected": selected}, hx=True)
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<tbody id="approval-rows"')
    assert f'id="approval-{entries[2].id}"' in html and f'id="approval-{entries[0].id}"' not in html
    assert "Đã duyệt 2 mục nhật ký." in html and re.search(r'id="pending-count"[^>]*>1<', html)
    assert [e.status for e in _entries(session, t)] == ["approved", "approved", "submitted"]


def test_someone_without_a_person_has_no_diary(login, session):
    assert login("admin").get("/diary").status_code == 403


def test_dates_are_typed_and_shown_dd_mm_yyyy_whatever_the_browsers_locale(login, session):
    t = team(session)
    day = working_day(session, 1)
    user = login(t.staff.username)
    page = user.get(f"/diary?day={day:%d/%m/%Y}").get_data(as_text=True)
    assert '<h1>Nhật ký công việc</h1>' in page and f'value="{day:%d/%m/%Y}"' in page
    assert 'type="date"' not in page and 'placeholder="dd/mm/yyyy"' in page
    data = {**form_of(entry_input(common_item(session, t.unit), day)), "work_date": f"{day:%d/%m/%Y}",
            "evidence_doc_date": f"{day:%d/%m/%Y}"}
    assert user.post("/diary/entries", data, hx=True).status_code == 200
    assert _entries(session, t)[0].evidence_doc_date == day
