"""The login form."""
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from ..forms import BaseForm


class LoginForm(BaseForm):
    """Tên đăng nhập and mật khẩu."""

    username = StringField("Tên đăng nhập", [InputRequired("Vui lòng nhập tên đăng nhập."), Length(max=64)])
    password = PasswordField("Mật khẩu", [InputRequired("Vui lòng nhập mật khẩu."), Length(max=200)])
