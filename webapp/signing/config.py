"""Each unit's signing certificate, configured only in the environment of the web and worker processes.

    SIGNING_<CODE>_P12_PATH         a PKCS#12 file (.p12/.pfx) readable by the worker
    SIGNING_<CODE>_P12_PASSPHRASE   its passphrase (never in the database or the repository)
    SIGNING_<CODE>_PKCS11_MODULE    or a PKCS#11 token: the module (.so) path,
    SIGNING_<CODE>_PKCS11_TOKEN     the token label, SIGNING_<CODE>_PKCS11_KEY the key (and certificate) label,
    SIGNING_<CODE>_PKCS11_PIN       and the user PIN (omitted: the token asks for it itself)
    SIGNING_TRUST_ROOTS             the certificates (PEM or DER files, separated by ":") a signer must chain to

<CODE> is the unit's code in capitals with every other character as "_" (so-noi-vu → SO_NOI_VU).
"""
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import DomainError

PKCS11_MISSING = ("Cơ quan, đơn vị được cấu hình ký số bằng thiết bị PKCS#11 (USB token) nhưng máy chủ chưa cài gói "
                  "python-pkcs11 nên không ký được. Quản trị hệ thống cần cài gói này (pip install python-pkcs11) "
                  "hoặc cấu hình tệp chứng thư số PKCS#12.")


@dataclass(frozen=True)
class P12Config:
    """A PKCS#12 file and its passphrase."""

    path: str
    passphrase: str = field(repr=False)


@dataclass(frozen=True)
class Pkcs11Config:
    """A key on a PKCS#11 token."""

    module: str
    token: str
    key: str
    pin: str | None = field(default=None, repr=False)


def env_prefix(unit_code: str) -> str:
    """SIGNING_SO_NOI_VU_ for so-noi-vu."""
    return "SIGNING_" + re.sub(r"[^A-Z0-9]", "_", unit_code.upper()) + "_"


def signer_config(unit_code: str, environ: Mapping[str, str] | None = None) -> P12Config | Pkcs11Config | None:
    """The unit's configured certificate, or None; a half-made configuration is refused with what is missing."""
    env = os.environ if environ is None else environ
    prefix = env_prefix(unit_code)
    get = lambda name: (env.get(prefix + name) or "").strip()  # noqa: E731
    if get("P12_PATH"):
        if not env.get(prefix + "P12_PASSPHRASE"):
            raise DomainError(f"Thiếu mật khẩu của tệp chứng thư số: đặt biến môi trường {prefix}P12_PASSPHRASE.")
        return P12Config(get("P12_PATH"), env[prefix + "P12_PASSPHRASE"])
    if get("PKCS11_MODULE"):
        missing = [prefix + name for name in ("PKCS11_TOKEN", "PKCS11_KEY") if not get(name)]
        if missing:
            raise DomainError("Cấu hình ký số PKCS#11 còn thiếu biến môi trường: " + ", ".join(missing) + ".")
        return Pkcs11Config(get("PKCS11_MODULE"), get("PKCS11_TOKEN"), get("PKCS11_KEY"), env.get(prefix + "PKCS11_PIN"))
    return None


def pkcs11_installed() -> bool:
    """Whether python-pkcs11 (which pyHanko's token signer needs) can be imported."""
    try:
        import pkcs11  # noqa: F401
    except ImportError:
        return False
    return True


def usable_config(unit_code: str, environ: Mapping[str, str] | None = None) -> P12Config | Pkcs11Config:
    """The unit's certificate configuration, refused with a clear message when it is absent or cannot work here."""
    config = signer_config(unit_code, environ)
    if config is None:
        raise DomainError("Cơ quan, đơn vị chưa được cấu hình chứng thư số để ký số.", field="sign")
    if isinstance(config, Pkcs11Config) and not pkcs11_installed():
        raise DomainError(PKCS11_MISSING, field="sign")
    return config


def can_sign(unit_code: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the unit has a certificate configured (the request form then offers "Ký số")."""
    try:
        return signer_config(unit_code, environ) is not None
    except DomainError:
        return True  # configured, but wrongly: offered, and the request says what is missing


def trust_root_paths(environ: Mapping[str, str] | None = None) -> list[str]:
    """The files of SIGNING_TRUST_ROOTS."""
    env = os.environ if environ is None else environ
    return [path for path in (env.get("SIGNING_TRUST_ROOTS") or "").split(os.pathsep) if path.strip()]
