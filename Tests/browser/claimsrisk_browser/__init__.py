"""Helpers for the workbench's browser and load tests.

The server is started by Tests/browser/run.sh (``make test-browser``), which passes its address
in CLAIMSRISK_URL and the CLI in CLAIMSRISK_BIN, and stops it by process id afterwards.
"""
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request

URL = os.environ.get("CLAIMSRISK_URL", "http://127.0.0.1:8080/")
CLI = os.environ.get("CLAIMSRISK_BIN", ".build/release/claimsrisk")


def chromium_path():
    """The system chromium (Playwright cannot download its own here)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("chromium not found; apt-get install -y chromium")
    return path


def cli(*args):
    """Runs the claimsrisk CLI; returns (status, stdout, stderr)."""
    p = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def post(path, body, timeout=120):
    """POSTs a body; returns (status, parsed JSON or text)."""
    req = urllib.request.Request(URL.rstrip("/") + path, data=body.encode(), method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, data, ctype = r.status, r.read(), r.headers.get("content-type", "")
    except urllib.error.HTTPError as e:
        status, data, ctype = e.code, e.read(), e.headers.get("content-type", "")
    return status, (json.loads(data) if "json" in ctype else data.decode())


def get(path, timeout=30):
    with urllib.request.urlopen(URL.rstrip("/") + path, timeout=timeout) as r:
        return r.status, r.read().decode()


def money(v):
    """The page's and the CLI's whole-dollar format: $1,234 (half away from zero)."""
    sign = "-" if v < 0 else ""
    return sign + "$" + format(int(abs(v) + 0.5), ",")
