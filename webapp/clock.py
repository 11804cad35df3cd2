"""The one clock: stored times in UTC, the calendar day in Asia/Ho_Chi_Minh (the staff's day)."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Every date the app accepts lies in this range: previous/next links and month arithmetic never overflow.
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2100, 12, 31)


def utcnow() -> datetime:
    """The current time in UTC (stored times are always UTC)."""
    return datetime.now(timezone.utc)


def local_today() -> date:
    """Today in Asia/Ho_Chi_Minh, whatever the server's zone: the calendar the staff live by."""
    return datetime.now(LOCAL_TZ).date()


def as_utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands them back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
