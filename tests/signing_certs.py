"""Test certificates made on the spot with `cryptography`: a CA, a signer it issues, and the signer's PKCS#12."""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class TestCertificates:
    """Where the test wrote the CA's certificate and the signer's PKCS#12, and the passphrase of the latter."""

    ca_pem: Path
    p12: Path
    passphrase: str
    signer_name: str


def _name(common: str) -> x509.Name:
    """A Vietnamese subject: the common name, the organisation and the country."""
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sở Nội vụ tỉnh Thanh Hóa"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(subject, issuer, public_key, issuer_key, ca: bool) -> x509.Certificate:
    """A certificate valid from yesterday for a year, for a CA or for signing documents."""
    now = datetime.now(timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
               .not_valid_after(now + timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                            crl_sign=ca, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))
    return builder.sign(issuer_key, hashes.SHA256())


def make_certificates(folder: Path, signer_name: str = "Nguyễn Văn Thủ Trưởng",
                      passphrase: str = "mật-khẩu-thử") -> TestCertificates:
    """A CA and a signer it certifies; the CA as PEM, the signer's key and chain as a PKCS#12 file."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, signer_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("CA thử nghiệm OKR-KPI")
    ca = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True)
    signer = _certificate(_name(signer_name), ca_name, signer_key.public_key(), ca_key, ca=False)
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    p12 = folder / "signer.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", signer_key, signer, [ca], serialization.BestAvailableEncryption(passphrase.encode())))
    return TestCertificates(ca_pem, p12, passphrase, signer_name)
