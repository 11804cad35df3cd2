"""Every response carries the security headers: a CSP without inline script, no framing, no sniffing;
HSTS only over HTTPS; templates hold no inline script, handler or style the CSP would block."""
import re

from webapp import ROOT

from ..helpers import username_of

TEMPLATES = ROOT / "templates"
# Report templates and the guide's print version are rendered by xhtml2pdf into PDF files, never served as HTML.
PDF_ONLY = (TEMPLATES / "reports", TEMPLATES / "guide" / "print.html")


def _csp(response) -> str:
    """The response's policy."""
    return response.headers["Content-Security-Policy"]


def test_a_page_the_login_page_and_a_static_file_all_carry_the_headers(client, login, session):
    user = login(username_of(session, "hac-thanh", "staff"))
    static = client.get("/static/css/app.css")
    static.close()  # a file response holds its file open until closed
    for response in (user.get("/"), client.get("/login"), static, client.get("/nope")):
        assert "frame-ancestors 'none'" in _csp(response) and "script-src 'self'" in _csp(response)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_the_policy_allows_no_inline_script_no_eval_and_no_inline_style(client):
    policy = _csp(client.get("/login"))
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "style-src 'self'" in policy and "object-src 'none'" in policy


def test_an_htmx_fragment_and_a_401_carry_the_headers_too(client):
    response = client.get("/units/hac-thanh/catalogue?q=ho", hx=True)
    assert response.status_code == 401 and "default-src 'self'" in _csp(response)


def test_hsts_is_sent_over_https_and_not_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.raw.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_follows_the_trusted_proxys_forwarded_proto(app):
    from webapp import create_app

    behind = create_app({**app.config, "TRUSTED_PROXIES": 1})
    response = behind.test_client().get("/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert "max-age" in response.headers["Strict-Transport-Security"]
    ignored = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in ignored.headers


def test_htmx_is_configured_without_eval_and_without_injected_styles(client):
    page = client.get("/login").get_data(as_text=True)
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', page).group(1)
    assert '"allowEval": false' in config and '"includeIndicatorStyles": false' in config


def test_no_served_template_has_an_inline_script_handler_hx_on_or_style():
    served = [p for p in TEMPLATES.rglob("*.html") if p != PDF_ONLY[1] and PDF_ONLY[0] not in p.parents]
    offending = {
        p.name: found for p in served
        if (found := re.findall(r"<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+=|hx-on|\sstyle=|<style", p.read_text()))
    }
    assert served and offending == {}
