#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""probe_server.py - real servers on loopback, friendly and hostile, for `hardinit probe`.

usage: probe_server.py STATEFILE [--unix PATH] [--late SECONDS]

Listens on (ports chosen by the kernel, written to STATEFILE as shell assignments once
everything listens, so a test can source it):
  MAIN    127.0.0.1   HTTP, the behaviour chosen by the request path (see ROUTES)
  SILENT  127.0.0.1   accepts and never answers (never even reads)
  V6      ::1 only    HTTP (IPV6_V6ONLY): reachable through localhost only via ::1
  DEAD    127.0.0.1   bound, never listening: connection refused
  FULL    127.0.0.1   listening with a full backlog, never accepting: connect hangs
  LATE    127.0.0.1   bound at once, listening only after --late SECONDS (for --wait)
  --unix PATH         HTTP over a unix socket
Runs until killed.
"""
import os
import socket
import sys
import threading
import time


def head(status="200 OK", headers=(), length=None, body=b""):
    lines = ["HTTP/1.1 " + status]
    lines += list(headers)
    if length is not None:
        lines.append("Content-Length: %d" % length)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def ok(body=b"ok: healthy\n", status="200 OK"):
    return head(status, ["Content-Type: text/plain"], len(body), body)


def sleep_forever(conn):
    time.sleep(60)


def route(path, req, conn):
    """Answer one request on conn."""
    if path == "/ok":
        conn.sendall(ok())
    elif path.startswith("/status/"):
        code = path.split("/")[2]
        conn.sendall(ok(b"status " + code.encode() + b"\n", code + " Some Reason"))
    elif path == "/redirect-same":
        conn.sendall(head("302 Found", ["Location: /ok"], 0))
    elif path == "/redirect-bad":
        conn.sendall(head("302 Found", ["Location: /status/500"], 0))
    elif path == "/redirect-loop":
        conn.sendall(head("301 Moved Permanently", ["Location: /redirect-loop"], 0))
    elif path == "/redirect-other":
        # TEST-NET-3: nothing answers there; following it would time out.
        conn.sendall(head("302 Found", ["Location: http://203.0.113.7:81/ok"], 0))
    elif path == "/stall-head":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
        sleep_forever(conn)
    elif path == "/stall-body":
        conn.sendall(head("200 OK", [], 100, b"0123456789"))
        sleep_forever(conn)
    elif path == "/trickle":
        for b in ok():
            conn.sendall(bytes([b]))
            time.sleep(1)
    elif path == "/bighead":
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        pad = b"X-Pad: " + b"a" * 1000 + b"\r\n"
        for _ in range(1000):  # 1 MB of headers
            conn.sendall(pad)
        conn.sendall(b"Content-Length: 2\r\n\r\nok")
    elif path == "/bigbody":
        body = b"healthy " + b"b" * (1 << 20)
        conn.sendall(head("200 OK", [], len(body)))
        conn.sendall(body)
    elif path == "/garbage":
        conn.sendall(b"<html><body>this is not HTTP</body></html>\n" * 4)
    elif path == "/status4":
        conn.sendall(b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n")
    elif path == "/http10":
        conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello, healthy\n")
    elif path == "/chunked":
        conn.sendall(head("200 OK", ["Transfer-Encoding: chunked"]) +
                     b"6\r\nhello \r\n8;ext=1\r\nhealthy!\r\n0\r\nX-Trailer: 1\r\n\r\n")
    elif path == "/echo":
        conn.sendall(ok(req))
    elif path == "/close":
        pass
    else:
        conn.sendall(ok(b"no such path\n", "404 Not Found"))


def serve_http(conn):
    try:
        conn.settimeout(30)
        req = b""
        while b"\r\n\r\n" not in req and len(req) < 65536:
            data = conn.recv(4096)
            if not data:
                return
            req += data
        line = req.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        path = line[1] if len(line) > 1 else "/"
        route(path.split("?")[0], req, conn)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def accept_loop(sock, handler):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


def hold(conn):
    sleep_forever(conn)
    conn.close()


def listener(family, addr, v6only=False, listen=True):
    s = socket.socket(family, socket.SOCK_STREAM)
    if family != socket.AF_UNIX:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind(addr)
    if listen:
        s.listen(64)
    return s


def main():
    state = sys.argv[1]
    args = sys.argv[2:]
    unix_path = args[args.index("--unix") + 1] if "--unix" in args else None
    late = float(args[args.index("--late") + 1]) if "--late" in args else None

    socks = {
        "MAIN": (listener(socket.AF_INET, ("127.0.0.1", 0)), serve_http),
        "SILENT": (listener(socket.AF_INET, ("127.0.0.1", 0)), hold),
        "V6": (listener(socket.AF_INET6, ("::1", 0), v6only=True), serve_http),
    }
    late_sock = listener(socket.AF_INET, ("127.0.0.1", 0), listen=False)
    dead = listener(socket.AF_INET, ("127.0.0.1", 0), listen=False)
    full = listener(socket.AF_INET, ("127.0.0.1", 0), listen=False)
    full.listen(0)
    fillers = []
    for _ in range(4):  # fill the accept queue: later SYNs are dropped
        f = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        f.setblocking(False)
        try:
            f.connect(full.getsockname())
        except OSError:
            pass
        fillers.append(f)
    for s, handler in socks.values():
        threading.Thread(target=accept_loop, args=(s, handler), daemon=True).start()
    if unix_path:
        u = listener(socket.AF_UNIX, unix_path)
        threading.Thread(target=accept_loop, args=(u, serve_http), daemon=True).start()

    ports = {k: s.getsockname()[1] for k, (s, _) in socks.items()}
    ports["LATE"] = late_sock.getsockname()[1]
    ports["DEAD"] = dead.getsockname()[1]
    ports["FULL"] = full.getsockname()[1]
    with open(state + ".tmp", "w") as f:
        for k, v in ports.items():
            f.write("%s=%d\n" % (k, v))
    os.rename(state + ".tmp", state)

    if late is not None:
        time.sleep(late)
        late_sock.listen(64)
        threading.Thread(target=accept_loop, args=(late_sock, serve_http), daemon=True).start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
