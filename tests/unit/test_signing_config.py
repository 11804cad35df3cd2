"""The signing configuration read from the environment: names, half-made settings, PKCS#11 without its library."""
import pytest

from webapp.errors import DomainError
from webapp.signing.config import (PKCS11_MISSING, P12Config, Pkcs11Config, can_sign, env_prefix, pkcs11_installed,
                                   signer_config, usable_config)
from webapp.signing.sign import place_of


def test_the_variables_of_a_unit_are_named_after_its_code_in_capitals():
    assert env_prefix("so-noi-vu") == "SIGNING_SO_NOI_VU_"
    assert env_prefix("dong.son 2") == "SIGNING_DONG_SON_2_"


def test_a_pkcs12_file_needs_its_passphrase_and_the_passphrase_is_never_shown():
    with pytest.raises(DomainError, match="SIGNING_SO_NOI_VU_P12_PASSPHRASE"):
        signer_config("so-noi-vu", {"SIGNING_SO_NOI_VU_P12_PATH": "/etc/okr/so-noi-vu.p12"})
    config = signer_config("so-noi-vu", {"SIGNING_SO_NOI_VU_P12_PATH": "/etc/okr/a.p12",
                                         "SIGNING_SO_NOI_VU_P12_PASSPHRASE": "bí mật"})
    assert config == P12Config("/etc/okr/a.p12", "bí mật") and "bí mật" not in repr(config)


def test_a_unit_without_variables_has_no_certificate_and_is_not_offered_signing():
    assert signer_config("so-noi-vu", {}) is None and not can_sign("so-noi-vu", {})
    with pytest.raises(DomainError, match="chưa được cấu hình chứng thư số"):
        usable_config("so-noi-vu", {})


def test_a_token_needs_its_label_and_key_and_is_refused_without_python_pkcs11():
    env = {"SIGNING_HAC_THANH_PKCS11_MODULE": "/usr/lib/x.so"}
    with pytest.raises(DomainError, match="SIGNING_HAC_THANH_PKCS11_TOKEN, SIGNING_HAC_THANH_PKCS11_KEY"):
        signer_config("hac-thanh", env)
    env |= {"SIGNING_HAC_THANH_PKCS11_TOKEN": "okr", "SIGNING_HAC_THANH_PKCS11_KEY": "thu-truong"}
    assert signer_config("hac-thanh", env) == Pkcs11Config("/usr/lib/x.so", "okr", "thu-truong", None)
    if not pkcs11_installed():
        with pytest.raises(DomainError) as refusal:
            usable_config("hac-thanh", env)
        assert refusal.value.message == PKCS11_MISSING


def test_the_box_is_centred_in_the_column_named_by_the_anchor_above_the_line_it_marks():
    marks = {"sign-7@66-100": (2, 430.0, 500.0, 595.0), "sign-7-self": (2, 100.0, 500.0, 595.0),
             "sign-9@66-100": (3, 430.0, 700.0, 595.0)}
    place = place_of(marks)
    x1, y1, x2, y2 = place.box
    assert place.page == 1 and y1 > 500 and y2 - y1 == 40
    column = (85.04 + 467.7 * 0.66, 85.04 + 467.7)
    assert column[0] < x1 < x2 < column[1] and abs((x1 + x2) / 2 - sum(column) / 2) < 0.5
    with pytest.raises(DomainError, match="không có chỗ ký"):
        place_of({"sign-7-self": (1, 0.0, 0.0, 595.0)})
