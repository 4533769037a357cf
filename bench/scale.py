#!/usr/bin/env python3
"""Scale benchmark: builds bench sites made from the real corpus at several
sizes and prints a Markdown table of what helpsite costs its users and
its readers there, beside Hugo on the same Markdown when Hugo is installed.

    python3 bench/scale.py                      # --copies 25 and 100
    python3 bench/scale.py --copies 25 100 475  # 475 copies: about 100k pages

Needs ../shared (the corpus and its bench scripts) beside the checkout, a
release build (cargo build --release), /usr/bin/time, and for the search
figures Node with tests/browser/node_modules and Chromium.

Per size it measures, with /usr/bin/time -v, the median of --runs runs
(3 by default; peak RSS is the highest):
- `build` (a rebuild over the previous output, as a writer runs it; a first
  build before it is not measured) and `check`: wall, CPU (user + system),
  peak RSS;
- the output: files, bytes (hard-linked copies counted once), `sw.js`;
- what a phone saves ahead: `sw.js`, its shell, one locale's first list
  (`<locale>/offline-files.json`) and the budget's files it names;
- the search-index bytes a reader's first one-word and three-word query
  load, by typing them in Chromium on file:// and adding up the files the
  page loaded;
- Hugo's wall, CPU and peak RSS on the same Markdown
  (../shared/bench/peer-sites.py), also a rebuild over its previous output.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (exit code, wall s, cpu s, peak MB)."""
    proc = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    report = proc.stderr

    def field(name):
        m = re.search(r"^\s*" + re.escape(name) + r": (.*)$", report, re.M)
        return m.group(1).strip() if m else "0"

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    return proc.returncode, wall, cpu, rss


def timed_runs(cmd, runs):
    """`timed` `runs` times: (last exit code, median wall, median cpu, highest peak MB).
    Single wall times on a small VM vary by a third between runs."""
    results = [timed(cmd) for _ in range(runs)]
    mid = lambda xs: sorted(xs)[len(xs) // 2]
    return (results[-1][0], mid([r[1] for r in results]), mid([r[2] for r in results]),
            max(r[3] for r in results))


def output_size(out):
    files, total, seen = 0, 0, set()
    for root, _, names in os.walk(out):
        for n in names:
            st = os.lstat(os.path.join(root, n))
            files += 1
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return files, total


def precache_bytes(out, locale):
    """What a phone fetches ahead: the service worker, its shell, the
    locale's first list and the files on it (the budget), in bytes."""
    sw = open(os.path.join(out, "sw.js"), encoding="utf-8").read()
    m = re.search(r"^const SHELL = (.*);$", sw, re.M)
    shell = json.loads(m.group(1)) if m else []
    from urllib.parse import unquote

    total = sum(os.path.getsize(os.path.join(out, unquote(p))) for p in shell)
    first = os.path.join(out, locale, "offline-files.json")
    listing = json.load(open(first, encoding="utf-8"))
    total += os.path.getsize(os.path.join(out, "sw.js")) + os.path.getsize(first)
    # The first list holds the budget's files only; the rest's lists are
    # read when the reader asks to save everything.
    total += sum(size for _, size in listing["files"])
    return total


def first_queries(out, locale, queries):
    if not (shutil.which("node") and os.path.isdir(os.path.join(REPO, "tests/browser/node_modules"))):
        return None
    proc = subprocess.run(
        ["node", os.path.join(REPO, "bench/first-query.mjs"), out, locale] + queries,
        cwd=REPO, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def mb(n):
    return f"{n / 1e6:.1f} MB"


def kb(n):
    return f"{n / 1e3:.0f} KB"


def measure(args, copies):
    work = os.path.abspath(args.work)
    site = os.path.join(work, f"site-{copies}")
    out = os.path.join(work, f"out-{copies}")
    if not os.path.isdir(site):
        subprocess.run(
            [sys.executable, os.path.join(args.shared, "bench/make-site.py"), "--project", REPO,
             "--copies", str(copies), "--out", site],
            check=True, stdout=subprocess.DEVNULL,
        )
    # A kept bench site gets this checkout's theme again: make-site.py
    # copied the one of its day, and search runs the theme's script.
    for part in ("templates", "locales", "static"):
        if os.path.isdir(os.path.join(REPO, part)):
            shutil.copytree(os.path.join(REPO, part), os.path.join(site, part), dirs_exist_ok=True)
    pages = sum(1 for _, _, names in os.walk(os.path.join(site, "content")) for n in names if n.endswith(".md"))
    # The corpus has broken links (as published); --keep-going publishes anyway.
    build = [args.bin, "build", "--keep-going", "--root", site, "--out", out]
    # One build first, untimed: the timed ones then rebuild over this
    # checkout's output, as a writer's next build does.
    subprocess.run(build, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r = {"copies": copies, "pages": pages}
    code, r["build_wall"], r["build_cpu"], r["build_rss"] = timed_runs(build, args.runs)
    if code not in (0, 1):
        sys.exit(f"build failed at --copies {copies} (exit {code})")
    _, r["check_wall"], r["check_cpu"], r["check_rss"] = timed_runs([args.bin, "check", "--root", site], args.runs)
    r["files"], r["bytes"] = output_size(out)
    r["sw"] = os.path.getsize(os.path.join(out, "sw.js"))
    r["precache"] = precache_bytes(out, args.locale)
    r["queries"] = first_queries(out, args.locale, [args.one_word, args.three_words])
    if shutil.which("hugo") and not args.no_hugo:
        peers = os.path.join(work, f"peers-{copies}")
        if not os.path.isdir(os.path.join(peers, "hugo")):
            subprocess.run([sys.executable, os.path.join(args.shared, "bench/peer-sites.py"), site, peers],
                           check=True, stdout=subprocess.DEVNULL)
        hugo = os.path.join(peers, "hugo")
        # Like helpsite's, Hugo's build is a rebuild over its previous
        # output, as a writer runs it (Hugo writes over public/ in place).
        if not os.path.isdir(os.path.join(hugo, "public")):
            subprocess.run(["hugo", "--source", hugo, "--quiet"], stdout=subprocess.DEVNULL)
        _, r["hugo_wall"], r["hugo_cpu"], r["hugo_rss"] = timed_runs(["hugo", "--source", hugo, "--quiet"], args.runs)
    print(f"measured --copies {copies}: {json.dumps(r)}", file=sys.stderr)
    return r


def table(rows):
    def line(label, cell):
        return "| " + label + " | " + " | ".join(cell(r) for r in rows) + " |"

    def query(i, r):
        q = r["queries"]
        return f"{kb(q[i]['bytes'])} in {q[i]['files']} files" if q else "n/a (no Node or Chromium)"

    out = ["| measure | " + " | ".join(f"{r['pages']:,} pages (`--copies {r['copies']}`)" for r in rows) + " |",
           "|---|" + "---|" * len(rows)]
    out.append(line("`build`: wall / CPU", lambda r: f"{r['build_wall']:.1f} s / {r['build_cpu']:.1f} s"))
    out.append(line("`build`: peak RSS", lambda r: f"{r['build_rss']:.0f} MB"))
    out.append(line("`check`: wall / CPU", lambda r: f"{r['check_wall']:.1f} s / {r['check_cpu']:.1f} s"))
    out.append(line("`check`: peak RSS", lambda r: f"{r['check_rss']:.0f} MB"))
    out.append(line("output: files / size", lambda r: f"{r['files']:,} / {mb(r['bytes'])}"))
    out.append(line("`sw.js`", lambda r: kb(r["sw"])))
    out.append(line("saved ahead on a phone (shell + one locale's budget)", lambda r: mb(r["precache"])))
    out.append(line("search: first 1-word query loads", lambda r: query(0, r)))
    out.append(line("search: first 3-word query loads", lambda r: query(1, r)))
    if all("hugo_wall" in r for r in rows):
        out.append(line("Hugo, same Markdown: wall / CPU / peak RSS", lambda r: f"{r['hugo_wall']:.1f} s / {r['hugo_cpu']:.1f} s / {r['hugo_rss']:.0f} MB"))
        out.append(line("helpsite `build` wall ÷ Hugo wall", lambda r: f"{r['build_wall'] / r['hugo_wall']:.2f}×"))
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--copies", type=int, nargs="+", default=[25, 100])
    p.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    p.add_argument("--bin", default=os.path.join(REPO, "target/release/helpsite"))
    p.add_argument("--work", default="/tmp/helpsite-scale", help="where the bench sites and outputs go (kept for reruns)")
    p.add_argument("--locale", default="nl")
    p.add_argument("--one-word", default="certificaat")
    p.add_argument("--three-words", default="bedrijfsportal app installeren")
    p.add_argument("--no-hugo", action="store_true")
    p.add_argument("--runs", type=int, default=3, help="timed runs of each command; the table gives the median")
    args = p.parse_args()
    if not os.path.isfile(args.bin):
        sys.exit(f"no {args.bin}: run cargo build --release first")
    if not os.path.isdir(os.path.join(args.shared, "corpus")):
        sys.exit(f"no corpus in {args.shared}: the bench sites are made from ../shared")
    os.makedirs(args.work, exist_ok=True)
    rows = [measure(args, c) for c in args.copies]
    print(table(rows))


if __name__ == "__main__":
    main()
