#!/usr/bin/env python3
# Shows what a CGI script receives: its meta-variables and its body.
# (LC_CTYPE, if it shows up, was added by Python itself at startup: PEP 538.)
# Try it with a header the server must withhold:
#   curl -H 'Authorization: Basic c2VjcmV0' -H 'Proxy: http://evil:3128' \
#        --data 'name=ada' 'http://127.0.0.1:8080/cgi-bin/env.py/extra/path?x=1'
import os
import sys

length = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(length)  # never more than CONTENT_LENGTH (RFC 3875 4.2)

print("Content-Type: text/plain; charset=utf-8")
print()
for name in sorted(os.environ):
    print(f"{name}={os.environ[name]}")
print()
print(f"stdin ({length} bytes): {body.decode('utf-8', 'replace')}")
print(f"working directory: {os.getcwd()}")
