"""PAdES signatures with pyHanko: each prefecture signs its 修了証 with its own key and certificate.

The pair is read from settings.CERTIFICATE_SIGNING_DIR as <JIS code>.key.pem and
<JIS code>.cert.pem (44 for 大分県), so a prefecture puts its own there (for example an
LGPKI 職責証明書 exported as PEM); `manage.py certificates_keygen` makes a self-signed
pair for development and the demo. Keys never live in the repository.
"""

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "Signature1"


class SigningKeyMissing(Exception):
    """The prefecture has no signing key and certificate in CERTIFICATE_SIGNING_DIR."""


def key_paths(prefecture_code: str) -> tuple[Path, Path]:
    """Where a prefecture's private key and certificate are read from."""
    folder = Path(settings.CERTIFICATE_SIGNING_DIR)
    return folder / f"{prefecture_code}.key.pem", folder / f"{prefecture_code}.cert.pem"


@dataclass(frozen=True)
class _LoadedSigner:
    """A prefecture's signer, loaded once per process, and the room its signature takes."""

    signer: object
    bytes_reserved: int


_signers: dict[tuple, _LoadedSigner] = {}


def _cached_key_signer_class():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    class CachedKeySigner(SimpleSigner):
        """SimpleSigner that parses its private key once, not at every signature.

        pyHanko's SimpleSigner re-reads the DER key (about 50 ms for RSA 2048, with its
        consistency checks) at each of the two signatures it makes per PDF (the size
        estimate and the real one). Anything but RSA PKCS#1 v1.5 goes the library's way.
        """

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = mechanism["algorithm"].native
            key = getattr(self, "_loaded_key", None)
            if key is None:
                key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
                self._loaded_key = key
            if algorithm == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
                return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)

        def _encoded(self, key: tuple, build) -> bytes:
            """DER of a part of the signature that is the same for every PDF this signer signs."""
            cache = self.__dict__.setdefault("_encoded_parts", {})
            if key not in cache:
                cache[key] = build().dump()
            return cache[key]

        async def signed_attrs(self, data_digest, digest_algorithm, attr_settings=None, **kwargs):
            """pyHanko's PAdES signed attributes, with the two that never change kept encoded.

            For PAdES without a timestamp or CAdES extras pyHanko signs three attributes:
            content type, message digest and signing-certificate-v2. It rebuilt and
            re-encoded all three, and the certificate's issuer name inside the third, for
            every PDF: with the SignerInfo below, three quarters of a signature's time (py-spy). Parts loaded back from
            their DER are not encoded again. Anything else goes pyHanko's own way.
            """
            from asn1crypto import cms
            from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute

            extras = attr_settings is not None and attr_settings.cades_signed_attrs is not None
            plain = kwargs.get("content_type", "data") == "data" and not kwargs.get("timestamper")
            pdf = kwargs.get("is_pdf_sig", True) and self.signed_attr_prov_spec is None
            if not (kwargs.get("use_pades") and plain and pdf and not extras):
                return await super().signed_attrs(
                    data_digest, digest_algorithm, attr_settings, **kwargs
                )
            constant = [
                self._encoded(
                    ("content_type",), lambda: simple_cms_attribute("content_type", "data")
                ),
                self._encoded(
                    ("signing_certificate_v2",),
                    lambda: simple_cms_attribute(
                        "signing_certificate_v2", as_signing_certificate_v2(self.signing_cert)
                    ),
                ),
            ]
            digest = simple_cms_attribute("message_digest", data_digest).dump()
            return cms.CMSAttributes([cms.CMSAttribute.load(der) for der in [*constant, digest]])

        def signer_info(self, digest_algorithm: str, signed_attrs, signature):
            """pyHanko's SignerInfo, with the signer's identifier and algorithms kept encoded."""
            from asn1crypto import algos, cms

            if digest_algorithm == "shake256":
                return super().signer_info(digest_algorithm, signed_attrs, signature)
            cert = self.signing_cert
            sid = self._encoded(
                ("sid",),
                lambda: cms.SignerIdentifier(
                    {
                        "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                            {"issuer": cert.issuer, "serial_number": cert.serial_number}
                        )
                    }
                ),
            )
            digest = self._encoded(
                ("digest", digest_algorithm),
                lambda: algos.DigestAlgorithm({"algorithm": digest_algorithm}),
            )
            mechanism = self._encoded(
                ("mechanism", digest_algorithm),
                lambda: self.get_signature_mechanism_for_digest(digest_algorithm),
            )
            return cms.SignerInfo(
                {
                    "version": "v1",
                    "sid": cms.SignerIdentifier.load(sid),
                    "digest_algorithm": algos.DigestAlgorithm.load(digest),
                    "signature_algorithm": algos.SignedDigestAlgorithm.load(mechanism),
                    "signed_attrs": signed_attrs,
                    "signature": signature,
                }
            )

    return CachedKeySigner


def _reserve_for(signer) -> int:
    """Room for the signature in the PDF, as pyHanko estimates it, worked out once per signer.

    pyHanko would make a dummy signature for this at every PDF; with no timestamp server
    the size never changes, so once is enough (with pyHanko's own 50% margin).
    """
    import asyncio
    import hashlib

    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    dummy = asyncio.run(
        signer.async_sign(
            hashlib.sha256().digest(),
            "sha256",
            dry_run=True,
            use_pades=True,
            signed_attr_settings=PdfCMSSignedAttributes(signing_time=dt.datetime.now(dt.UTC)),
        )
    )
    length = len(dummy.dump()) * 2  # written as hexadecimal
    return length + 2 * (length // 4)


def _load_signer(key_path: Path, cert_path: Path):
    """The signer for a key and certificate pair, built as SimpleSigner.load builds it."""
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key = load_private_key_from_pemder(str(key_path), passphrase=None)
        cert = load_cert_from_pemder(str(cert_path))
    except (OSError, ValueError, TypeError) as exc:
        raise SigningKeyMissing(str(key_path)) from exc
    # SimpleSigner.load always makes a plain SimpleSigner, never a subclass.
    return _cached_key_signer_class()(
        signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore()
    )


def _signer(prefecture_code: str) -> _LoadedSigner:
    key_path, cert_path = key_paths(prefecture_code)
    if not key_path.is_file() or not cert_path.is_file():
        raise SigningKeyMissing(prefecture_code)
    # Loading a key costs more than signing with it: keep it until the files change.
    stamp = (str(key_path), key_path.stat().st_mtime_ns, cert_path.stat().st_mtime_ns)
    loaded = _signers.get(stamp)
    if loaded is None:
        signer = _load_signer(key_path, cert_path)
        loaded = _LoadedSigner(signer=signer, bytes_reserved=_reserve_for(signer))
        _signers[stamp] = loaded
    return loaded


def preload() -> None:
    """Import what signing uses and load every key pair in the folder, as a task worker starts.

    Otherwise the first certificate a worker signs pays for both: pyHanko's import (with
    aiohttp, about 0.25 s) and the key's load and size estimate, inside the bulk issue
    the administrator is watching (bench.certificates, once per worker).
    """
    from pyhanko.pdf_utils import incremental_writer  # noqa: F401
    from pyhanko.sign import fields, signers  # noqa: F401

    folder = Path(settings.CERTIFICATE_SIGNING_DIR)
    for key_path in sorted(folder.glob("*.key.pem")) if folder.is_dir() else []:
        code = key_path.name.removesuffix(".key.pem")
        try:
            _signer(code)
        except Exception:  # one broken pair must not keep the others, or the worker, from starting
            logger.warning("no usable signing pair for %s", code, exc_info=True)


def sign_pdf(pdf: bytes, *, prefecture) -> bytes:
    """The PDF with a PAdES baseline signature by the prefecture's key, as a new revision."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    loaded = _signer(prefecture.code)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="修了証の発行",
        location=prefecture.name,
    )
    return signers.sign_pdf(
        writer, meta, signer=loaded.signer, bytes_reserved=loaded.bytes_reserved
    ).getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What the signature of a PDF says: intact means signed, unaltered and covering the whole file."""

    intact: bool
    trusted: bool = False
    signer: str = ""
    signed_at: dt.datetime | None = None
    problem: str = ""


def _trust_roots() -> list:
    from pyhanko.keys import load_cert_from_pemder

    folder = Path(settings.CERTIFICATE_SIGNING_DIR)
    roots = []
    for path in sorted(folder.glob("*.cert.pem")) if folder.is_dir() else []:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except Exception:  # a broken file must not stop checking with the others
            logger.warning("unreadable signing certificate %s", path)
    return roots


def verify_pdf(pdf: bytes) -> SignatureCheck:
    """Check the PDF's signature; any file that is not a soundly signed PDF gives intact=False."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        if len(signatures) != 1:
            return SignatureCheck(intact=False, problem="signatures")
        context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(signatures[0], context)
    except Exception as exc:  # any damage to the file means it is not the issued one
        return SignatureCheck(intact=False, problem=type(exc).__name__)
    intact = bool(
        status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    )
    return SignatureCheck(
        intact=intact,
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )


def keypair_create(prefecture, *, days: int = 3650, replace: bool = False) -> tuple[Path, Path]:
    """Write a self-signed key and certificate for the prefecture (development and demo only)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key_path, cert_path = key_paths(prefecture.code)
    if not replace and key_path.exists() and cert_path.exists():
        return key_path, cert_path
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, prefecture.name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{prefecture.name} 修了証発行（開発用）"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path
