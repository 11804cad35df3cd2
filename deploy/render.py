"""Render the nginx recipe (deploy/nginx/okr-kpi.conf.in) with this site's values, and optionally pre-compress the
static files for nginx's gzip_static. Values come from the environment (OKR_SERVER_NAME, OKR_WEB_ADDRESS,
OKR_HTTP_PORT, OKR_HTTPS_PORT, OKR_TLS_CERT, OKR_TLS_KEY, OKR_STATIC_DIR) or their production defaults.

    python deploy/render.py > /etc/nginx/conf.d/okr-kpi.conf
    python deploy/render.py --precompress   # static/**/*.css|js|svg → .gz beside them
"""
import gzip
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = {"SERVER_NAME": "okr.thanhhoa.gov.vn", "WEB_ADDRESS": "127.0.0.1:8000", "HTTP_PORT": "80",
            "HTTPS_PORT": "443", "TLS_CERT": "/etc/ssl/okr-kpi/fullchain.pem",
            "TLS_KEY": "/etc/ssl/okr-kpi/privkey.pem", "STATIC_DIR": str(ROOT / "static")}
COMPRESSED = (".css", ".js", ".svg")


def render(values: dict[str, str] | None = None) -> str:
    """The nginx configuration with every {{NAME}} filled (from values, the environment, then the defaults)."""
    values = {name: (values or {}).get(name) or os.environ.get(f"OKR_{name}") or default
              for name, default in DEFAULTS.items()}
    text = (ROOT / "deploy" / "nginx" / "okr-kpi.conf.in").read_text(encoding="utf-8")
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda match: values[match.group(1)], text)


def precompress(static_dir: Path) -> int:
    """Write file.gz beside every text asset (kept only when smaller); how many."""
    written = 0
    for path in static_dir.rglob("*"):
        if path.suffix in COMPRESSED and path.is_file():
            packed = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            if len(packed) < path.stat().st_size:
                path.with_name(path.name + ".gz").write_bytes(packed)
                written += 1
    return written


if __name__ == "__main__":
    if "--precompress" in sys.argv:
        print(f"{precompress(Path(os.environ.get('OKR_STATIC_DIR', DEFAULTS['STATIC_DIR'])))} tệp đã nén sẵn.")
    else:
        sys.stdout.write(render())
