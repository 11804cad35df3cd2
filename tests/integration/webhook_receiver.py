"""A local HTTP server in a thread that plays a client's webhook endpoint: it answers with the codes it is
given, in turn (the last one repeats), and keeps every request it got."""
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    """One request as the receiver saw it."""

    path: str
    headers: object  # an email.message.Message: header names are case-insensitive
    body: bytes


@dataclass
class Receiver:
    """The running server: its URL, the answers to give, the requests got."""

    url: str
    answers: list[int] = field(default_factory=lambda: [200])
    got: list[Received] = field(default_factory=list)

    def next_answer(self) -> int:
        """The next status code (the last one repeats)."""
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def start() -> tuple[ThreadingHTTPServer, Receiver]:
    """Serve on a free local port from a daemon thread."""
    receiver = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            receiver.got.append(Received(self.path, self.headers, body))  # names case-insensitive
            status = receiver.next_answer()
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/okr"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, receiver
