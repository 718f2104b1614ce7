# SPDX-License-Identifier: MIT
# health_server.py PORT MODE [ARG]: an HTTP server on 127.0.0.1 for the health tests.
#   ok          200 to every GET
#   status N    N to every GET
#   hang        accepts connections and never answers
import http.server
import socket
import sys
import time

port, mode = int(sys.argv[1]), sys.argv[2]
if mode == "hang":
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)  # never read, never answered, never closed
code = int(sys.argv[3]) if mode == "status" else 200


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
