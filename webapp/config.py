"""Configuration from the environment, with the one-machine demo as the only embedded default."""
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_SECRET = "demo-only-not-secret"


def _flag(name: str) -> bool:
    """True when an environment flag is set to a truthy word."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _flag_or(name: str, default: bool) -> bool:
    """An environment flag, or the default when it is not set."""
    return _flag(name) if os.environ.get(name, "").strip() else default


def load_config(instance_path: str) -> dict:
    """Read settings from the usual environment names."""
    demo = _flag("OKR_DEMO") or _flag("FLASK_DEBUG")
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'okr-kpi.sqlite3'}",
        # Ping each pooled connection before use: one more round trip per request, in exchange for no
        # failed request after a database restart (without it, the first one fails and empties the pool).
        "DATABASE_PRE_PING": _flag("DATABASE_PRE_PING"),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or (DEMO_SECRET if demo else None),
        "DEMO_MODE": demo,
        # `flask seed` creates the demo accounts of seeds/demo_accounts.csv (else only the admin).
        "SEED_DEMO_ACCOUNTS": _flag_or("SEED_DEMO_ACCOUNTS", demo),
        # Accounts created by `flask seed` must change their password at first login.
        "FORCE_PASSWORD_CHANGE": _flag_or("FORCE_PASSWORD_CHANGE", not demo),
        "STORAGE_DIR": os.environ.get("STORAGE_DIR") or str(Path(instance_path) / "storage"),
        "REPORT_RETENTION_DAYS": int(os.environ.get("REPORT_RETENTION_DAYS", "30")),
        # A catalogue batch with more pending drafts than this is approved by a background job (an Excel import).
        "CATALOGUE_APPROVE_INLINE_MAX": int(os.environ.get("CATALOGUE_APPROVE_INLINE_MAX", "200")),
        "DIARY_WINDOW_WORKING_DAYS": int(os.environ.get("DIARY_WINDOW_WORKING_DAYS", "5")),
        # A key result with no check-in and no new approved work for this many days is flagged (Chưa cập nhật).
        "OKR_STALE_DAYS": int(os.environ.get("OKR_STALE_DAYS", "14")),
        # A month's sheets are due approved by this day of the next month (conv): the monthly report to the Standing
        # Committee lists units still short of it as late in evaluating.
        "EVALUATION_DUE_DAY": int(os.environ.get("EVALUATION_DUE_DAY", "10")),
        # A unit leader's đ is read from the unit's OKR progress (bands in the rule set) unless the reviewer
        # sets it explicitly; off: đ is recorded by the reviewer, as before.
        "LEADER_DD_FROM_OKR": _flag("LEADER_DD_FROM_OKR"),
        "APPEAL_WINDOW_DAYS": int(os.environ.get("APPEAL_WINDOW_DAYS", "5")),
        # Thời hạn của từng bước đánh giá tháng: the nth working day of the next month by which the person's
        # self-assessment, the direct manager's review and the head's approval are due (standing.deadlines).
        "SHEET_SELF_ASSESSMENT_DUE": int(os.environ.get("SHEET_SELF_ASSESSMENT_DUE", "3")),
        "SHEET_REVIEW_DUE": int(os.environ.get("SHEET_REVIEW_DUE", "5")),
        "SHEET_APPROVAL_DUE": int(os.environ.get("SHEET_APPROVAL_DUE", "7")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure outside demo mode: the cookie travels over HTTPS only (the demo runs on plain http://localhost).
        "SESSION_COOKIE_SECURE": _flag_or("SESSION_COOKIE_SECURE", not demo),
        "SESSION_LIFETIME_HOURS": int(os.environ.get("SESSION_LIFETIME_HOURS", "12")),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "60")),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(os.environ.get("SESSION_LIFETIME_HOURS", "12"))),
        "MAX_CONTENT_LENGTH": 11 * 1024 * 1024,  # evidence files are at most 10 MB; leave room for the form
        # How long a one-time password reset link made by the officer or admin stays usable.
        "RESET_LINK_HOURS": int(os.environ.get("RESET_LINK_HOURS", "24")),
        "LOGIN_FAILURES_PER_ACCOUNT": int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5")),
        "LOGIN_FAILURES_PER_ADDRESS": int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20")),
        "LOGIN_FAILURE_WINDOW_MINUTES": int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15")),
        # How many reverse proxies in front set X-Forwarded-For; 0: the header is ignored (it can be forged).
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # Logs: one JSON object per line with the request id (json), plain lines (text), or Flask's default (none).
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json"),
        # The worker refreshes the current month's index province-wide when its rows are older than this; 0: off.
        "PERFORMANCE_FRESH_MINUTES": int(os.environ.get("PERFORMANCE_FRESH_MINUTES", "60")),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "SEEDS_DIR": os.environ.get("SEEDS_DIR") or str(ROOT / "seeds"),
        # The letterhead of the pilot review (Báo cáo tổng kết thí điểm): the pilot's host, a state body (Nghị định
        # 30/2020), and its superior; the plan (item 8) names Sở Nội vụ among the hosts.
        "PILOT_REVIEW_ISSUER": os.environ.get("PILOT_REVIEW_ISSUER") or "Sở Nội vụ tỉnh Thanh Hóa",
        "PILOT_REVIEW_SUPERIOR": os.environ.get("PILOT_REVIEW_SUPERIOR") or "Ủy ban nhân dân tỉnh Thanh Hóa",
        "PILOT_REVIEW_PLACE": os.environ.get("PILOT_REVIEW_PLACE") or "Thanh Hóa",
    }


def check_secret(config: dict) -> None:
    """Refuse to run without SECRET_KEY unless in demo mode, which says so loudly."""
    if config.get("TESTING"):
        return
    if not config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY chưa được đặt: đặt biến môi trường SECRET_KEY (hoặc OKR_DEMO=1 cho bản chạy thử).")
    if config["SECRET_KEY"] == DEMO_SECRET:
        print(
            "*** CHẾ ĐỘ CHẠY THỬ (DEMO): SECRET_KEY mặc định, không dùng cho môi trường thật. ***\n"
            "*** DEMO MODE: built-in SECRET_KEY, never use in production. ***",
            file=sys.stderr,
        )
