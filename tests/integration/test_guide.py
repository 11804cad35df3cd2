"""Hướng dẫn sử dụng: a page per role for every role, the help link of each page to its section, the PDF."""
import io
import logging
import re

import pytest
from pypdf import PdfReader

from webapp.guide.content import BY_ROLE, BY_SLUG, PAGES
from webapp.guide.help import HELP, INDEX, NOT_PAGE_BLUEPRINTS, NOT_PAGES, target

from ..helpers import username_of

ROLES = ("staff", "manager", "head", "personnel")


def _account(session, role: str) -> str:
    """A seeded account of the role (the province roles have fixed names)."""
    return {"organiser": "tochuc.chinhquyen", "admin": "admin"}.get(role) or username_of(session, "so-noi-vu", role)


@pytest.mark.parametrize("role", [*ROLES, "organiser", "admin"])
def test_every_role_reads_every_guide_page_with_its_sections_in_order(login, session, role):
    user = login(_account(session, role))
    for page in PAGES:
        html = user.get(f"/huong-dan/{page.slug}").get_data(as_text=True)
        ids = re.findall(r'<section class="guide-section" id="([^"]+)"', html)
        assert ids == [s.id for s in page.sections], page.slug
        assert f"Hướng dẫn sử dụng: {page.title}" in html


@pytest.mark.parametrize("role", [*ROLES, "organiser", "admin"])
def test_the_guide_index_opens_with_the_readers_own_role(login, session, role):
    html = login(_account(session, role)).get("/huong-dan").get_data(as_text=True)
    first = re.search(r'id="vai-tro-([a-z-]+)"', html).group(1)
    assert first == BY_ROLE[role].slug
    assert "Vai trò của bạn" in html and "Tải hướng dẫn (PDF)" in html


def test_anonymous_readers_are_sent_to_login(client):
    for path in ("/huong-dan", "/huong-dan/cong-chuc"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_unknown_guide_page_is_not_found(login, session):
    assert login(_account(session, "staff")).get("/huong-dan/khong-co").status_code == 404


@pytest.mark.parametrize(("role", "path", "expected"), [
    ("staff", "/diary", "/huong-dan/cong-chuc#ghi-nhat-ky"),
    ("staff", "/assignments", "/huong-dan/cong-chuc#viec-duoc-giao"),
    ("manager", "/approvals", "/huong-dan/lanh-dao-phong#duyet-nhat-ky"),
    ("manager", "/assignments", "/huong-dan/lanh-dao-phong#giao-viec"),
    ("head", "/units/so-noi-vu/evaluations", "/huong-dan/thu-truong#chot-so-lieu"),
    ("personnel", "/accounts", "/huong-dan/can-bo-to-chuc#tai-khoan"),
    ("personnel", "/units/so-noi-vu/catalogue", "/huong-dan/can-bo-to-chuc#danh-muc"),
    ("admin", "/accounts", "/huong-dan/quan-tri#tai-khoan"),
    ("organiser", "/", "/huong-dan/to-chuc-cap-tinh#theo-doi-don-vi"),
    ("personnel", "/", "/huong-dan"),
])
def test_the_header_help_link_points_to_the_section_of_the_page(login, session, role, path, expected):
    html = login(_account(session, role)).get(path).get_data(as_text=True)
    assert f'class="help-link" href="{expected}"' in html


def test_every_page_of_the_app_maps_to_an_existing_guide_section(app):
    pages = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods
             and rule.endpoint.split(".")[0] not in NOT_PAGE_BLUEPRINTS} - NOT_PAGES
    assert pages - HELP.keys() == set(), "pages without a help link"
    assert HELP.keys() - pages == set(), "help links of endpoints that are not pages"
    for endpoint, by_role in HELP.items():
        assert "*" in by_role, endpoint
        for role in (*by_role, "staff", "admin"):
            slug, section = target(endpoint, role)
            if (slug, section) != INDEX:
                assert BY_SLUG[slug].section(section), (endpoint, role)


@pytest.fixture
def glyphs(caplog):
    """Fails the test if xhtml2pdf logs a glyph it cannot draw."""
    caplog.set_level(logging.WARNING)
    yield
    assert [r.getMessage() for r in caplog.records if "can draw" in r.getMessage()] == []


def test_the_guide_pdf_is_a_report_job_with_every_pages_headings_and_pictures(login, session, glyphs):
    user = login(_account(session, "organiser"))  # a user without a unit may print it too
    response = user.post("/huong-dan/pdf")
    assert response.status_code == 303
    job_id = int(re.search(r"job=(\d+)", response.headers["Location"]).group(1))
    assert "Tải về" in user.get(f"/huong-dan?job={job_id}").get_data(as_text=True)
    download = user.get(f"/reports/{job_id}/download")
    data, status, disposition = download.get_data(), download.status_code, download.headers["Content-Disposition"]
    download.close()  # send_file streams from an open file
    assert status == 200 and "H%C6%B0%E1%BB%9Bng" in disposition
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "HƯỚNG DẪN SỬ DỤNG" in text
    for page in PAGES:
        assert page.title in text
        for section in page.sections:
            assert section.title in text, section.title
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 20, images


def test_someone_elses_guide_job_may_be_watched_since_the_guide_is_everyones(login, session):
    first = login(_account(session, "staff"))
    job_id = int(re.search(r"job=(\d+)", first.post("/huong-dan/pdf").headers["Location"]).group(1))
    assert login(_account(session, "admin")).get(f"/reports/{job_id}").status_code == 200
