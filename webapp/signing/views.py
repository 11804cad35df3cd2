"""Kiểm tra chữ ký số: upload a signed PDF, see whether its signatures hold (nothing is stored)."""
from flask import Blueprint, request
from flask_login import login_required

from ..errors import DomainError
from ..htmx import render
from ..worklog.evidence import MAX_BYTES, clean_name, upload_of
from .verify import NO_SIGNATURE, check_upload, verify_pdf

bp = Blueprint("signing", __name__)


@bp.get("/signatures/verify")
@login_required
def verify_form():
    """The upload form."""
    return _page()


@bp.post("/signatures/verify")
@login_required
def verify():
    """The signatures of the uploaded PDF, or why the file was refused (422)."""
    try:
        checks = verify_pdf(check_upload(upload_of(request.files.get("file"))))
    except DomainError as refusal:
        if type(refusal) is not DomainError:
            raise
        return _page(error=refusal.message, status=422)
    return _page(checks=checks, name=clean_name(request.files["file"].filename))  # no bidi tricks in the name


def _page(status: int = 200, **context):
    """The page (its result fragment for htmx)."""
    return render("signing/verify.html", "signing/_result.html", status=status, no_signature=NO_SIGNATURE,
                  max_mb=MAX_BYTES // (1024 * 1024), **context)
