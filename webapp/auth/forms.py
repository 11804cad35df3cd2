"""The login form and the change-password form."""
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from ..forms import BaseForm


class LoginForm(BaseForm):
    """Tên đăng nhập and mật khẩu."""

    username = StringField("Tên đăng nhập", [InputRequired("Vui lòng nhập tên đăng nhập."), Length(max=64)])
    password = PasswordField("Mật khẩu", [InputRequired("Vui lòng nhập mật khẩu."), Length(max=200)])


class ChangePasswordForm(BaseForm):
    """Mật khẩu hiện tại, then the new one twice."""

    current_password = PasswordField("Mật khẩu hiện tại", [InputRequired("Vui lòng nhập mật khẩu hiện tại."),
                                                          Length(max=200)])
    new_password = PasswordField("Mật khẩu mới", [InputRequired("Vui lòng nhập mật khẩu mới."), Length(max=200)])
    repeated_password = PasswordField("Nhập lại mật khẩu mới", [InputRequired("Vui lòng nhập lại mật khẩu mới."),
                                                               Length(max=200)])


class SetPasswordForm(BaseForm):
    """The new password twice, set through a one-time reset link."""

    new_password = PasswordField("Mật khẩu mới", [InputRequired("Vui lòng nhập mật khẩu mới."), Length(max=200)])
    repeated_password = PasswordField("Nhập lại mật khẩu mới", [InputRequired("Vui lòng nhập lại mật khẩu mới."),
                                                               Length(max=200)])
