"""The navigation bar: each item is named as the page it opens, and the site has an icon."""
import re

import pytest

from .worklog_data import team

NAV = re.compile(r'<nav class="nav">(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)">(.*?)</a>', re.S)
TAGS = re.compile(r"<span[^>]*>.*?</span>|<[^>]+>", re.S)


def _text(html: str) -> str:
    """Visible words of a bit of markup (badges dropped), spaces collapsed."""
    return " ".join(TAGS.sub(" ", html).split())


@pytest.mark.parametrize("who", ["staff", "manager", "head"])
def test_each_nav_item_and_the_title_of_the_page_it_opens_agree(login, session, who):
    failures = []
    user = login(getattr(team(session), who).username)
    nav = NAV.search(user.get("/").get_data(as_text=True)).group(1)
    for href, label in LINK.findall(nav)[1:]:  # the home page greets the user (its own part of the issue)
        page = user.get(href).get_data(as_text=True)
        words = _text(label)
        title = _text(re.search(r"<title>(.*?)</title>", page, re.S).group(1))
        heading = _text(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))
        if not (words.lower() in title.lower() and words.lower() in heading.lower()):
            failures.append((href, words, title, heading))
    assert not failures


def test_every_page_links_the_vendored_favicon(client):
    page = client.get("/login").get_data(as_text=True)
    href = re.search(r'<link rel="icon"[^>]*href="([^"]+)"', page).group(1)
    icon = client.get(href)
    try:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data
    finally:
        icon.close()
