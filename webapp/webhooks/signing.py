"""The delivery signature: HMAC-SHA256 over "<timestamp>.<body>" with the subscription's secret.

Header: ``X-OKR-Signature: t=<unix seconds>,v1=<hex digest>``. A receiver splits the header, recomputes
``hmac_sha256(secret, f"{t}.{raw_body}")``, compares in constant time and refuses a timestamp older than a
few minutes (a replayed request). The body is signed as the bytes sent, before any JSON parsing.
"""
import hashlib
import hmac

HEADER = "X-OKR-Signature"
TOLERANCE = 300  # seconds a receiver should accept between the timestamp and its own clock


def digest(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of "<timestamp>.<body>"."""
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header's value: "t=…,v1=…"."""
    return f"t={int(timestamp)},v1={digest(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, now: int, tolerance: int = TOLERANCE) -> bool:
    """What a receiver does: True when the header's v1 matches the body and its timestamp is recent."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), digest(secret, timestamp, body))
