"""Bearer tokens of integration clients: "okr_<prefix>_<secret>", shown once; only the SHA-256 is kept."""
import hashlib
import hmac
import re
import secrets

TOKEN = re.compile(r"okr_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")


def new_token() -> tuple[str, str, str]:
    """A fresh token, its prefix (which finds the client's row) and the hash to store."""
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = f"okr_{prefix}_{secret}"
    return token, prefix, digest(token)


def digest(token: str) -> str:
    """The SHA-256 of a token, hex (a token carries 256 random bits: no salt or slow hash is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def prefix_of(token: str) -> str | None:
    """The prefix of a well-formed token, else None."""
    match = TOKEN.fullmatch(token)
    return match.group(1) if match else None


def matches(token: str, stored_hash: str) -> bool:
    """The token hashes to the stored hash, compared in constant time."""
    return hmac.compare_digest(digest(token), stored_hash)
