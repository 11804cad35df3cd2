"""The repository holds no secret: no private key, no cloud token, no literal SECRET_KEY or password assignment
except the demo and benchmark ones named here."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".git", ".venv", "node_modules", "instance", "test-artifacts", "__pycache__", ".pytest_cache", ".ruff_cache"}
SUFFIXES = {".py", ".md", ".toml", ".ini", ".cfg", ".txt", ".csv", ".html", ".js", ".css", ".sh", ".yml", ".yaml",
            ".json", ".conf", ".service", ".env", ""}
PATTERNS = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}|okr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9-]{10,}"
    r"|(?i:(?:secret_key|secret|password|passwd|api_key|token)\s*[:=]\s*['\"][^'\"\s]{8,}['\"])")
# Known and harmless: refused or warned about outside demo mode, or used only by tests and benchmarks.
ALLOWED = {"demo-only-not-secret", "bench-approval-queue-not-secret", "bench-diary-post-not-secret", "bench-okr-not-secret",
           "bench-performance-not-secret", "bench-province-pages-not-secret", "Bench@2026", "Demo@2026"}


def _files():
    """The repository's text files outside tests/ and generated folders."""
    for path in ROOT.rglob("*"):
        if path.is_file() and not SKIP & set(path.relative_to(ROOT).parts) and path.suffix in SUFFIXES:
            if "tests" not in path.relative_to(ROOT).parts[:1]:
                yield path


def test_no_file_outside_the_tests_holds_a_secret():
    found = []
    for path in _files():
        for match in PATTERNS.finditer(path.read_text(errors="ignore")):
            if not any(allowed in match.group(0) for allowed in ALLOWED):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]}")
    assert found == []


def test_the_scan_would_catch_a_committed_key():
    assert PATTERNS.search('SECRET_KEY = "4f9c2b7e1d0a8c6b"') and PATTERNS.search("-----BEGIN RSA PRIVATE KEY-----")
    assert PATTERNS.search("okr_0a1b2c3d4e5f_" + "Zx9" * 14 + "Q")  # an integration client's API token
