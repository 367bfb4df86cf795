"""The production smoke test's client: real HTTP to gunicorn over loopback, as a browser behind a
TLS-terminating proxy would talk to it (X-Forwarded-Proto: https). Standard library only.

It fetches the sign-in page and a static file, signs in with a password and a TOTP code computed
here from the device's key (RFC 6238), fetches a signed-in page and an unknown page, and checks the
status and the security headers of each. Exits non-zero on the first thing that is wrong.

    python .ci/production_smoke.py --port 8765 --username smoke.tester \
        --password-file PATH --totp-key-file PATH
"""

import argparse
import hashlib
import hmac
import http.client
import re
import struct
import sys
import time
from urllib.parse import urlencode, urlsplit

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=",
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=()",
    "Cache-Control": "no-store",
}


class SmokeFailure(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


class Browser:
    """Just enough of a browser: cookies (Secure ones too: the proxy would have used TLS)."""

    def __init__(self, port: int):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.origin = f"https://{self.host}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, secure: bool = True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Host": self.host, "User-Agent": "portal-production-smoke"}
        if secure:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            attributes = header.lower()
            check("secure" in attributes, f"cookie {name} is not marked Secure")
            if name == "sessionid":
                check("httponly" in attributes, "the session cookie is not HttpOnly")
            if value and "max-age=0" not in attributes:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        connection.close()
        return response, content


def csrf_token(content: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    check(match is not None, "the page has no CSRF token")
    return match.group(1)


def expect(response, content: str, status: int, what: str) -> None:
    check(response.status == status, f"{what}: expected {status}, got {response.status}")
    print(f"ok  {response.status} {what}")


def expect_security_headers(response, what: str) -> None:
    for header, fragment in SECURITY_HEADERS.items():
        value = response.headers.get(header, "")
        check(fragment in value, f"{what}: {header} is {value!r}, expected it to contain {fragment!r}")
    print(f"ok  security headers on {what}")


def expect_redirect(response, to: str, what: str) -> str:
    location = response.headers.get("Location", "")
    check(response.status in (301, 302), f"{what}: expected a redirect, got {response.status}")
    path = urlsplit(location).path
    check(path.startswith(to), f"{what}: redirected to {location!r}, expected {to!r}")
    print(f"ok  {response.status} {what} -> {location}")
    return location


def run(port: int, username: str, password: str, key_hex: str) -> None:
    browser = Browser(port)

    response, _ = browser.request("GET", "/sign-in/", secure=False)
    location = expect_redirect(response, "/sign-in/", "plain HTTP is sent to HTTPS")
    check(location.startswith("https://"), "the HTTPS redirect does not go to https://")

    response, content = browser.request("GET", "/sign-in/")
    expect(response, content, 200, "the sign-in page")
    expect_security_headers(response, "the sign-in page")
    check("Sign in" in content and "govuk-template" in content, "the sign-in page is not the GOV.UK page")

    stylesheet = re.search(r'href="(/static/govuk/govuk-frontend\.min\.[0-9a-f]+\.css)"', content)
    check(stylesheet is not None, "the page does not link the collected, hashed GOV.UK stylesheet")
    response, css = browser.request("GET", stylesheet.group(1))
    expect(response, css, 200, f"the stylesheet {stylesheet.group(1)}")
    check("max-age" in response.headers.get("Cache-Control", ""), "static files are not cacheable")

    response, content = browser.request(
        "POST", "/sign-in/", {"csrfmiddlewaretoken": csrf_token(content), "username": username, "password": password}
    )
    expect_redirect(response, "/", "the password is accepted")

    response, _ = browser.request("GET", "/")
    code_page = expect_redirect(response, "/sign-in/code/", "a signed-in page first asks for the code")

    response, content = browser.request("GET", urlsplit(code_page).path + "?" + urlsplit(code_page).query)
    expect(response, content, 200, "the code page")
    response, _ = browser.request(
        "POST", "/sign-in/code/?next=/", {"csrfmiddlewaretoken": csrf_token(content), "code": totp(key_hex)}
    )
    expect_redirect(response, "/", "the code from the authenticator app is accepted")

    response, content = browser.request("GET", "/")
    expect(response, content, 200, "the home page, signed in")
    expect_security_headers(response, "the home page")
    check("Signed in as" in content and "Your sign-ins" in content, "the home page is not the signed-in home page")

    response, content = browser.request("GET", "/no-such-page/")
    expect(response, content, 404, "an unknown page")
    check("Page not found" in content and "govuk-template" in content, "the 404 page is not the GOV.UK page")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password-file", required=True)
    parser.add_argument("--totp-key-file", required=True)
    arguments = parser.parse_args()
    with open(arguments.password_file) as file:
        password = file.read().strip()
    with open(arguments.totp_key_file) as file:
        key_hex = file.read().strip()
    try:
        run(arguments.port, arguments.username, password, key_hex)
    except (SmokeFailure, OSError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    print("Production smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
