"""Where report files live and how a stored one is named."""
import secrets
from pathlib import Path

from flask import current_app

from ..models import ReportJob


def storage_dir() -> Path:
    """Where report files live (a shared volume in production)."""
    folder = Path(current_app.config["STORAGE_DIR"]) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_file_name(job: ReportJob) -> str:
    """An unguessable stored name."""
    return f"{job.id}-{secrets.token_hex(8)}.{job.file_format}"
