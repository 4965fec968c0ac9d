#!/usr/bin/env python3
"""wss:// interop with python3-websockets and curl against the framescope app (issue 16).

The app runs headless with --tls-self-signed and --tls-write-cert; the clients trust the
written certificate (an ssl context with cafile=, curl --cacert), so every case also proves
that the certificate names 127.0.0.1/localhost and verifies. Cases: echo over wss:// (SNI,
a message of several TLS records), permessage-deflate over TLS, plain ws:// on the same port
(--tls-mode both), the https control API with the connection's TLS details, a client that
does not trust the certificate failing, the printed SPKI hash, and --tls-mode only refusing
plain HTTP with a 400 while wss:// still works.

Usage: tls_python.py --app path/to/framescope
"""

import argparse
import asyncio
import base64
import hashlib
import json
import os
import re
import ssl
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import serverproc  # noqa: E402

import websockets  # noqa: E402


def der_tlv(data, pos):
    """(tag, start of value, end of value) of the DER element at pos."""
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        length = int.from_bytes(data[pos:pos + n], "big")
        pos += n
    return tag, pos, pos + length


def spki_sha256(pem):
    """base64 SHA-256 of the certificate's SubjectPublicKeyInfo (Chromium's SPKI hash)."""
    der = ssl.PEM_cert_to_DER_cert(pem)
    _, cert_start, _ = der_tlv(der, 0)          # Certificate
    _, tbs_start, _ = der_tlv(der, cert_start)  # TBSCertificate
    pos = tbs_start
    # version [0], serial, signature, issuer, validity, subject, subjectPublicKeyInfo
    fields = []
    while len(fields) < 7:
        tag, start, end = der_tlv(der, pos)
        fields.append((tag, pos, end))
        pos = end
    if fields[0][0] != 0xA0:  # v1 certificate: no version field
        raise ValueError("expected a v3 certificate")
    _, spki_from, spki_to = fields[6]
    return base64.b64encode(hashlib.sha256(der[spki_from:spki_to]).digest()).decode()


async def echo(url, message, **kwargs):
    async with websockets.connect(url, max_size=None, **kwargs) as ws:
        await ws.send(message)
        answer = await asyncio.wait_for(ws.recv(), 10)
        extensions = [e.name for e in ws.extensions]
        return answer, extensions


def run(app, report):
    with tempfile.TemporaryDirectory(prefix="framescope-tls-") as tmp:
        return run_in(app, report, os.path.join(tmp, "cert.pem"))


def run_in(app, report, cert):
    args = ["--no-gui", "--port", "0", "--tls-self-signed", "--tls-write-cert", cert,
            "--websocket-compression"]
    with serverproc.Server(app, args) as server:
        port = server.port
        trusted = ssl.create_default_context(cafile=cert)

        # 1. echo over wss:// with SNI "localhost" (connecting to 127.0.0.1)
        try:
            big = "x" * 100000 + "end"
            answer, _ = asyncio.run(echo("wss://127.0.0.1:%d/" % port, big, ssl=trusted,
                                         server_hostname="localhost", compression=None))
            if answer == big:
                report.ok("wss_echo", "100003 chars over several TLS records")
            else:
                report.fail("wss_echo", "echo differs (%d chars back)" % len(answer))
        except Exception as e:  # noqa: BLE001
            report.fail("wss_echo", repr(e))

        # 2. permessage-deflate over TLS (websockets offers it by default)
        try:
            text = json.dumps([{"i": i, "name": "framescope"} for i in range(3000)])
            answer, extensions = asyncio.run(echo("wss://127.0.0.1:%d/" % port, text,
                                                  ssl=trusted, server_hostname="localhost"))
            if answer == text and "permessage-deflate" in extensions:
                report.ok("wss_permessage_deflate", "%d bytes" % len(text))
            else:
                report.fail("wss_permessage_deflate",
                            "extensions %s, echo equal: %s" % (extensions, answer == text))
        except Exception as e:  # noqa: BLE001
            report.fail("wss_permessage_deflate", repr(e))

        # 3. plain ws:// on the same port (tls_mode both)
        try:
            answer, _ = asyncio.run(echo("ws://127.0.0.1:%d/" % port, "plain"))
            if answer == "plain":
                report.ok("plain_ws_same_port")
            else:
                report.fail("plain_ws_same_port", "got %r" % answer)
        except Exception as e:  # noqa: BLE001
            report.fail("plain_ws_same_port", repr(e))

        # 4. the https control API lists a live wss connection with its TLS details
        async def api_while_connected():
            async with websockets.connect("wss://127.0.0.1:%d/" % port, ssl=trusted,
                                          server_hostname="localhost") as ws:
                await ws.send("hi")
                await asyncio.wait_for(ws.recv(), 10)
                out = await asyncio.to_thread(
                    subprocess.run,
                    ["curl", "-sS", "--max-time", "10", "--cacert", cert, "--resolve",
                     "localhost:%d:127.0.0.1" % port, "https://localhost:%d/connections" % port],
                    capture_output=True, text=True)
                return out
        try:
            out = asyncio.run(api_while_connected())
            conns = json.loads(out.stdout) if out.returncode == 0 else None
            ws_conn = [c for c in conns or [] if c.get("websocket_status") == 3]
            curl_conn = [c for c in conns or [] if c.get("websocket_status") == 1]
            tls = ws_conn[0]["tls"] if ws_conn else None
            if (tls and tls["version"] in ("TLSv1.3", "TLSv1.2") and tls["sni"] == "localhost"
                    and curl_conn and curl_conn[0]["tls"]["alpn"] == "http/1.1"):
                report.ok("https_control_api",
                          "%s %s, curl ALPN %s" % (tls["version"], tls["cipher"],
                                                   curl_conn[0]["tls"]["alpn"]))
            else:
                report.fail("https_control_api", "curl rc %d: %s %s"
                            % (out.returncode, out.stdout[:400], out.stderr[:200]))
        except Exception as e:  # noqa: BLE001
            report.fail("https_control_api", repr(e))

        # 5. a client that does not trust the certificate fails verification
        try:
            asyncio.run(echo("wss://127.0.0.1:%d/" % port, "x",
                             ssl=ssl.create_default_context(), server_hostname="localhost"))
            report.fail("untrusted_client_refuses", "the handshake succeeded")
        except ssl.SSLCertVerificationError as e:
            report.ok("untrusted_client_refuses", e.verify_message)
        except Exception as e:  # noqa: BLE001
            report.fail("untrusted_client_refuses", repr(e))

        # 6. the printed SPKI hash and fingerprint are those of the written certificate
        with open(cert) as f:
            pem = f.read()
        log = "\n".join(server.output)
        m = re.search(r"--ignore-certificate-errors-spki-list=(\S+)", log)
        fp = re.search(r"SHA-256 fingerprint ([0-9A-F:]+)", log)
        der = ssl.PEM_cert_to_DER_cert(pem)
        want_fp = ":".join("%02X" % b for b in hashlib.sha256(der).digest())
        if m and m.group(1) == spki_sha256(pem) and fp and fp.group(1) == want_fp:
            report.ok("printed_hashes", m.group(1))
        else:
            report.fail("printed_hashes", "printed %s / %s, expected %s / %s"
                        % (m and m.group(1), fp and fp.group(1), spki_sha256(pem), want_fp))

        # 7. the open event of the text log names the TLS version
        if re.search(r"handshake success with fd\d+ \(.*TLSv1\.[23] \S+, SNI localhost", log):
            report.ok("open_event_shows_tls")
        else:
            report.fail("open_event_shows_tls", "no open line with TLS details")

    # --tls-mode only: plain HTTP gets a 400 naming the reason; wss:// still works
    with serverproc.Server(app, ["--no-gui", "--port", "0", "--tls-self-signed",
                                 "--tls-write-cert", cert, "--tls-mode", "only"]) as server:
        port = server.port
        trusted = ssl.create_default_context(cafile=cert)
        try:
            asyncio.run(echo("ws://127.0.0.1:%d/" % port, "plain"))
            report.fail("only_mode_refuses_plain", "plain ws:// was accepted")
        except websockets.exceptions.InvalidStatusCode as e:
            if e.status_code == 400:
                report.ok("only_mode_refuses_plain", "HTTP 400")
            else:
                report.fail("only_mode_refuses_plain", "status %d" % e.status_code)
        except Exception as e:  # noqa: BLE001
            report.fail("only_mode_refuses_plain", repr(e))
        out = subprocess.run(["curl", "-sS", "--max-time", "10",
                              "http://127.0.0.1:%d/connections" % port],
                             capture_output=True, text=True)
        if "TLS only" in out.stdout:
            report.ok("only_mode_plain_http_reason", out.stdout.strip()[:80])
        else:
            report.fail("only_mode_plain_http_reason", "curl said %r %r" % (out.stdout, out.stderr))
        try:
            answer, _ = asyncio.run(echo("wss://127.0.0.1:%d/" % port, "tls", ssl=trusted,
                                         server_hostname="localhost"))
            if answer == "tls":
                report.ok("only_mode_serves_wss")
            else:
                report.fail("only_mode_serves_wss", "got %r" % answer)
        except Exception as e:  # noqa: BLE001
            report.fail("only_mode_serves_wss", repr(e))
        if server.wait_for_output(r"handshake rejected for fd\d+: 400 this port speaks TLS only"):
            report.ok("only_mode_logged")
        else:
            report.fail("only_mode_logged", "no rejected line in the log")
    return report.finish()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    args = parser.parse_args()
    return run(args.app, serverproc.Report("tls python3-websockets + curl"))


if __name__ == "__main__":
    sys.exit(main())
