#!/usr/bin/env python3
"""How quickly `helpsite serve` is ready, and how quickly an open page
reloads after a template or page save.

Usage:
    python3 ../shared/bench/make-site.py --project . --copies 100 --out /tmp/big
    python3 bench/serve-latency.py --bin target/release/helpsite --root /tmp/big

Measures, from the moment `serve` is started:
  * port:  the port answers an HTTP request;
  * page:  the open page is served with its final content (200, its title);
then, with that page open over the live-reload stream (the same
Server-Sent Events protocol the injected script uses, `reload` events),
for each of `templates/page.html`, `templates/base.html` and the page's
own Markdown file:
  * reload: from the save until the open page receives `reload`;
  * html:   from the save until that page is served with the new text;
  * all:    from the save until serve prints that every page is re-rendered
            (the last summary line of the rebuild).
Peak RSS comes from /proc (VmHWM) at the end. Edits are undone on exit.
Stdlib only, so any reader can rerun it.
"""

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time

BASE = "/help/"


def get(port, path, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", path, headers={"Host": f"localhost:{port}"})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body.decode("utf-8", "replace")


class Events(threading.Thread):
    """One live-reload connection, as an open page holds it."""

    def __init__(self, port, page):
        super().__init__(daemon=True)
        self.port, self.page = port, page
        self.reloads = []
        self.ready = threading.Event()
        self.cond = threading.Condition()

    def run(self):
        sock = socket.create_connection(("127.0.0.1", self.port))
        req = (
            f"GET {BASE}__helpsite/events?page={self.page} HTTP/1.1\r\n"
            f"Host: localhost:{self.port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        sock.sendall(req.encode())
        buf = b""
        while True:
            data = sock.recv(65536)
            if not data:
                return
            buf += data
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                text = block.decode("utf-8", "replace")
                if "event: errors" in text or "event:errors" in text:
                    self.ready.set()
                if re.search(r"event: ?reload", text):
                    with self.cond:
                        self.reloads.append(time.monotonic())
                        self.cond.notify_all()

    def wait_reload(self, count, timeout=120):
        with self.cond:
            self.cond.wait_for(lambda: len(self.reloads) > count, timeout)
            return self.reloads[count] if len(self.reloads) > count else None


class Server:
    def __init__(self, binary, root, port):
        self.lines = []
        self.cond = threading.Condition()
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [binary, "serve", "--root", root, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append((time.monotonic(), line.rstrip()))
                self.cond.notify_all()

    def wait_line(self, after, pattern, timeout=300):
        """Time of the first stderr line after `after` matching `pattern`."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for t, line in self.lines:
                    if t >= after and re.search(pattern, line):
                        return t, line
                left = deadline - time.monotonic()
                if left <= 0:
                    return None, None
                self.cond.wait(left)

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ms(t):
    return "-" if t is None else f"{t * 1000:.0f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="target/release/helpsite")
    ap.add_argument("--root", required=True)
    ap.add_argument("--page", help="content path below content/, e.g. en/c000/EndUser/x.md")
    ap.add_argument("--all-pattern", default=r"rendered every page|re-rendered \d+ page\(s\)|built \d+ pages",
                    help="stderr line that says a rebuild is complete")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    page_md = args.page
    if not page_md:
        folder = os.path.join(root, "content", "en")
        for dirpath, dirs, files in sorted(os.walk(folder)):
            dirs.sort()
            mds = sorted(f for f in files if f.endswith(".md") and f.lower() != "toc.md")
            if "includes" not in dirpath and mds:
                page_md = os.path.relpath(os.path.join(dirpath, mds[0]), os.path.join(root, "content"))
                break
    page_html = page_md[:-3] + ".html"
    pages = sum(
        1 for _, _, fs in os.walk(os.path.join(root, "content")) for f in fs if f.endswith(".md")
    )
    port = free_port()
    print(f"site: {root} ({pages} Markdown files), open page: {page_html}, cores: {os.cpu_count()}")

    server = Server(args.bin, root, port)
    t0 = server.started
    port_at = page_at = None
    while time.monotonic() - t0 < 300:
        try:
            status, body = get(port, BASE + page_html)
        except OSError:
            time.sleep(0.005)
            continue
        if port_at is None:
            port_at = time.monotonic()
        if status == 200 and "<article" in body:
            page_at = time.monotonic()
            break
        time.sleep(0.005)
    built_at, _ = server.wait_line(t0, r"built \d+ pages|rendered every page")
    print(f"startup: port answers {ms(port_at and port_at - t0)}, "
          f"page served {ms(page_at and page_at - t0)}, "
          f"whole site built {ms(built_at and built_at - t0)}")
    # Let the startup work (search indexes) settle before timing edits.
    time.sleep(3)

    events = Events(port, page_html)
    events.start()
    events.ready.wait(30)
    edits = [
        ("templates/page.html", "</article>", "bench-page-{n}"),
        ("templates/base.html", "</body>", "bench-base-{n}"),
        ("content/" + page_md, None, "bench-content-{n}"),
    ]
    originals = {}
    try:
        for n, (rel, anchor, marker_t) in enumerate(edits):
            path = os.path.join(root, rel)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            originals[path] = text
            marker = marker_t.format(n=n)
            if anchor:
                new = text.replace(anchor, f"<i>{marker}</i>{anchor}", 1)
            else:
                new = text.rstrip("\n") + f"\n\n{marker}\n"
            before = len(events.reloads)
            saved = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            reload_at = events.wait_reload(before)
            html_at = None
            while time.monotonic() - saved < 120:
                status, body = get(port, BASE + page_html)
                if marker in body:
                    html_at = time.monotonic()
                    break
                time.sleep(0.002)
            all_at, line = server.wait_line(saved, args.all_pattern)
            print(f"save {rel}: reload {ms(reload_at and reload_at - saved)}, "
                  f"new html {ms(html_at and html_at - saved)}, "
                  f"all pages {ms(all_at and all_at - saved)}  [{line}]")
            time.sleep(2)
    finally:
        for path, text in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        time.sleep(1)
        print(f"peak RSS: {server.peak_rss_mb():.0f} MB")
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
