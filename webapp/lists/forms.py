"""The upload form of an import."""
from wtforms import FileField, SelectField
from wtforms.fields.choices import SelectChoice

from ..forms import BaseForm


class UploadForm(BaseForm):
    """One .xlsx file."""

    file = FileField("Tệp Excel (.xlsx)")


class PasswordListForm(BaseForm):
    """How the initial passwords are delivered."""

    file_format = SelectField("Định dạng", choices=[SelectChoice("html", "Trang in"), SelectChoice("xlsx", "Excel")],
                              default="html")


def uploaded(form: UploadForm) -> tuple[str, bytes]:
    """The file's name and bytes ("" and b"" when none was sent)."""
    data = form.file.data
    if not hasattr(data, "read"):
        return "", b""
    return data.filename or "", data.read()
