# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Over https, as against the real API: the collection's retries and create guard apply
(not only to the http:// of the other local tests), and validate_certs decides whether a
certificate no CA signs is refused."""

from __future__ import annotations

import datetime
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.local_server import ScriptedServer

AUTH_ID = "MAHTTPSTEST000000000"
TOKEN = "https-secret-token-5c2e"
U1 = "00000000-0000-4000-8000-000000000001"
PP = {"uuid": U1, "name": "alerts", "sticky_sender": True, "local_connect": True, "application_id": "",
      "application_type": "", "number_pool": "/p/", "created_on": "2020-09-23T09:31:25.924044Z"}
EMPTY_PAGE = {"api_id": "x", "meta": {"limit": 20, "offset": 0, "total_count": 0, "next": None, "previous": None}, "objects": []}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: ``(certificate file, key file)``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    directory = tmp_path_factory.mktemp("tls")
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


@pytest.fixture
def tls_server(certificate):
    scripted = ScriptedServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    scripted.httpd.socket = context.wrap_socket(scripted.httpd.socket, server_side=True)
    scripted.url = scripted.url.replace("http://", "https://")
    yield scripted
    scripted.close()


def _client(server, **kwargs):
    kwargs.setdefault("validate_certs", False)
    return PlivoClient(server.url, AUTH_ID, TOKEN, timeout=5, warn=lambda message: None, **kwargs)


def test_https_reads_are_retried(tls_server, fast_backoff):
    tls_server.answers = [(503, {"error": "unavailable"}), (200, PP)]
    assert _client(tls_server).get_powerpack(U1)["uuid"] == U1
    assert tls_server.methods() == [("GET", "Powerpack/%s/" % U1)] * 2


def test_an_https_create_is_looked_up_before_it_is_sent_again(tls_server, fast_backoff):
    tls_server.answers = [(503, {"error": "unavailable"}), (200, EMPTY_PAGE), (200, PP)]
    assert _client(tls_server).create_powerpack({"name": "alerts"}) == (PP, True)
    assert tls_server.methods() == [("POST", "Powerpack/"), ("GET", "Powerpack/"), ("POST", "Powerpack/")]


def test_validate_certs_refuses_a_certificate_no_ca_signs_at_once(tls_server, fast_backoff):
    tls_server.answers = [(200, PP)] * 3
    with pytest.raises(PlivoApiError) as failed:
        _client(tls_server, validate_certs=True).get_powerpack(U1)
    message = str(failed.value)
    assert message.startswith("Plivo API request GET /v1/Account/%s/Powerpack/%s/ failed: the TLS certificate of 127.0.0.1 "
                              "port %d was refused: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                              % (AUTH_ID, U1, tls_server.httpd.server_address[1]))
    assert message.endswith("(1 attempt); TLS failures are not retried: check api_url (or the PLIVO_API_URL environment "
                            "variable); if it is right, give the CA bundle that signs its certificate (REQUESTS_CA_BUNDLE), "
                            "or for a test server only set validate_certs to false")
    # The handshake failed: no request reached the server, and none was tried again.
    assert tls_server.seen == []


def test_validate_certs_accepts_it_with_the_ca_bundle_that_signs_it(tls_server, certificate, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certificate[0])
    tls_server.answers = [(200, PP)]
    assert _client(tls_server, validate_certs=True).get_powerpack(U1)["uuid"] == U1
