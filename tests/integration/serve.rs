//! `helpsite serve` end to end: a real server on an ephemeral port, in a
//! temporary copy of the sample site, spoken to over raw TCP so that the
//! attack requests reach the server byte for byte.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{copy_dir, eventually, require_or_skip};

const WAIT: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    port: u16,
    base: String,
    dir: tempfile::TempDir,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the sample site plus a few pages made for these tests.
fn sample_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["content", "templates", "locales", "static"] {
        copy_dir(&project.join(d), &root.join(d));
    }
    std::fs::copy(project.join("site.toml"), root.join("site.toml")).unwrap();
    let en = root.join("content/en");
    std::fs::write(
        en.join("target.md"),
        "---\ntitle: Target page\n---\n\n# Target page\n\n## Details\n\nOriginal target text.\n",
    )
    .unwrap();
    std::fs::write(
        en.join("linker.md"),
        "---\ntitle: Linker page\n---\n\n# Linker\n\nSee [the target](target.md#details).\n",
    )
    .unwrap();
    std::fs::create_dir_all(en.join("includes")).unwrap();
    std::fs::write(en.join("includes/note.md"), "Shared note version one.\n").unwrap();
    std::fs::write(
        en.join("uses-include.md"),
        "---\ntitle: Uses include\n---\n\n# Uses include\n\n[!INCLUDE[note](includes/note.md)]\n",
    )
    .unwrap();
    dir
}

/// Starts `helpsite serve` on the site in `dir/site`.
fn start(dir: tempfile::TempDir) -> Server {
    start_with(dir, &[])
}

fn start_with(dir: tempfile::TempDir, args: &[&str]) -> Server {
    let root = dir.path().join("site");
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut err = child.stderr.take().unwrap();
    let sink = stderr.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, base) = rest.split_at(rest.find('/').unwrap());
    let port = authority.rsplit_once(':').unwrap().1;
    Server {
        child,
        port: port.parse().unwrap(),
        base: base.to_string(),
        dir,
        stderr,
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Server {
    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn raw(&self, path: &str, extra_headers: &str) -> Reply {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\n{extra_headers}Connection: close\r\n\r\n",
            self.host()
        ))
    }

    fn request(&self, request: &str) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut data = Vec::new();
        let _ = s.read_to_end(&mut data);
        let text = String::from_utf8_lossy(&data).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            headers: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }

    fn get(&self, rel: &str) -> Reply {
        self.raw(&format!("{}{rel}", self.base), "")
    }

    /// Opens the live-reload stream for one page; events arrive on the channel.
    fn listen(&self, page: &str) -> Receiver<(String, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let req = format!("GET {}__helpsite/events?page={page} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", self.base, self.host());
        s.write_all(req.as_bytes()).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    if tx.send((event.clone(), d.to_string())).is_err() {
                        break;
                    }
                }
            }
        });
        // The first event is the page's current errors: once it is here, the
        // subscription is live and no change can slip past.
        let first = rx.recv_timeout(WAIT).expect("initial errors event");
        assert_eq!(first.0, "errors");
        rx
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

fn wait_for(rx: &Receiver<(String, String)>, kind: &str) -> String {
    let deadline = Instant::now() + WAIT;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((e, d)) if e == kind => return d,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no `{kind}` event within {WAIT:?}");
}

/// Waits for reload events until the page serves `marker`: an editor's
/// save may legitimately cause more than one rebuild (delete, then create),
/// but a reload must never come after which the new text is missing.
fn reload_shows(server: &Server, rx: &Receiver<(String, String)>, rel: &str, marker: &str) {
    eventually(
        WAIT,
        || format!("{rel}: no reload brought {marker:?}"),
        || {
            wait_for(rx, "reload");
            let page = server.get(rel);
            (page.status == 200 && main_text(&page.body).contains(marker)).then_some(())
        },
    );
}

/// Incremental output must equal what a fresh `helpsite build` makes of
/// the same sources, reload script aside; and the build has no script.
fn assert_served_matches_build(server: &Server, rels: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(["build", "--keep-going", "--root"])
        .arg(server.root())
        .arg("--out")
        .arg(out.path().join("public"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    for rel in rels {
        let built = std::fs::read_to_string(out.path().join("public").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(
            !built.contains("__helpsite"),
            "build output must not carry the reload script: {rel}"
        );
        let served = server.get(rel);
        assert!(
            served.status == 200 || (served.status == 404 && rel.ends_with("404.html")),
            "{rel}: {}",
            served.status
        );
        assert!(served.headers.contains("content-type: text/html"));
        let script_start = served
            .body
            .find("<script data-helpsite-reload>")
            .expect("reload script");
        let script_end = served.body[script_start..].find("</script>\n").unwrap()
            + script_start
            + "</script>\n".len();
        let without = format!(
            "{}{}",
            &served.body[..script_start],
            &served.body[script_end..]
        );
        assert_eq!(
            without,
            without_webp(&plain_names(&built)),
            "{rel}: served differs from a fresh build"
        );
    }
}

/// `build` offers a WebP of each PNG and JPEG in a `<picture>`; `serve`
/// encodes none and shows the `<img>` alone.
fn without_webp(html: &str) -> String {
    let open = "<picture><source type=\"image/webp\" srcset=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        let img = after.find('>').map_or(after.len(), |i| i + 1);
        let inner = &after[img..];
        let close = inner.find("</picture>").unwrap_or(inner.len());
        out.push_str(&inner[..close]);
        rest = inner[close..]
            .strip_prefix("</picture>")
            .unwrap_or(&inner[close..]);
    }
    out.push_str(rest);
    out
}

/// `build` names stylesheets and scripts by content hash
/// (`helpsite.3f2a9c01.css`); `serve` sends `no-store` and keeps plain names.
fn plain_names(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(dot) = rest.find('.') {
        let after = &rest[dot + 1..];
        let hashed = after.len() > 9
            && after.as_bytes()[..8]
                .iter()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            && after.as_bytes()[8] == b'.';
        let ext_ok = hashed && (after[9..].starts_with("css") || after[9..].starts_with("js"));
        out.push_str(&rest[..dot]);
        if ext_ok {
            rest = &after[8..];
        } else {
            out.push('.');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The visible text of `<main>`.
fn main_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let main = scraper::Selector::parse("main").unwrap();
    doc.select(&main)
        .next()
        .map(|m| m.text().collect::<String>())
        .unwrap_or_default()
}

fn page_source(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n# {title}\n\n## Details\n\n{body}\n")
}

#[test]
fn serves_the_built_site_under_base_path_with_reload_script_only_in_serve() {
    let server = start(sample_site());
    assert_eq!(server.base, "/help/");
    let root = server.raw("/", "");
    assert_eq!(root.status, 302);
    assert!(
        root.headers.contains("location: /help/"),
        "{}",
        root.headers
    );
    assert_eq!(server.raw("/help", "").status, 302);
    assert_eq!(server.raw("/elsewhere/en/index.html", "").status, 404);

    // Served pages are the build's pages plus the reload script.
    assert_served_matches_build(
        &server,
        &[
            "index.html",
            "en/index.html",
            "en/target.html",
            "nl/target.html",
            "nl/index.html",
            "404.html",
        ],
    );
    let folder = server.get("en/");
    assert_eq!(folder.status, 200);
    assert_eq!(server.get("en").status, 302);
    let css = server.get("helpsite.css");
    assert_eq!(css.status, 200);
    assert!(css.headers.contains("content-type: text/css"));
    assert!(!css.body.contains("__helpsite"));
    let png = server.get("en/media/cert-missing-error.png");
    assert_eq!(png.status, 200);
    assert!(png.headers.contains("content-type: image/png"));
}

#[test]
fn every_editor_save_style_updates_the_page_and_sends_reload() {
    let server = start(sample_site());
    let file = server.root().join("content/en/target.md");
    let events = server.listen("en/target.html");

    type Save = Box<dyn Fn(&Path, &str)>;
    let styles: Vec<(&str, Save)> = vec![
        (
            "write in place",
            Box::new(|f: &Path, text: &str| std::fs::write(f, text).unwrap()),
        ),
        (
            "write temp then rename",
            Box::new(|f: &Path, text: &str| {
                let tmp = f.with_file_name("target.md.tmp~");
                std::fs::write(&tmp, text).unwrap();
                std::fs::rename(&tmp, f).unwrap();
            }),
        ),
        (
            "vim: backup by rename, write new file, delete backup",
            Box::new(|f: &Path, text: &str| {
                let backup = f.with_file_name("target.md~");
                std::fs::rename(f, &backup).unwrap();
                std::fs::write(f.with_file_name("4913"), "").unwrap();
                std::fs::remove_file(f.with_file_name("4913")).unwrap();
                std::fs::write(f, text).unwrap();
                std::fs::remove_file(&backup).unwrap();
            }),
        ),
        (
            "delete and recreate",
            Box::new(|f: &Path, text: &str| {
                std::fs::remove_file(f).unwrap();
                std::fs::write(f, text).unwrap();
            }),
        ),
    ];
    for (style, save) in &styles {
        let marker = format!("Edited by: {style}");
        save(&file, &page_source("Target page", &marker));
        reload_shows(&server, &events, "en/target.html", &marker);
    }
    // No leftovers of editor temp files became pages or assets.
    assert_eq!(server.get("en/4913").status, 404);
    assert_eq!(server.get("en/target.md~").status, 404);
}

#[test]
fn edits_rerender_fallbacks_includes_and_home_titles() {
    let server = start(sample_site());
    let root = server.root();
    // nl has no translation of target.md: its fallback page follows the edit.
    let nl = server.listen("nl/target.html");
    std::fs::write(
        root.join("content/en/target.md"),
        page_source("Renamed target", "Fallback follows."),
    )
    .unwrap();
    reload_shows(&server, &nl, "nl/target.html", "Fallback follows.");
    // The home page lists pages by title.
    eventually(
        WAIT,
        || "home page kept the old title".to_string(),
        || (server.get("en/index.html").body.contains("Renamed target")).then_some(()),
    );

    let uses = server.listen("en/uses-include.html");
    std::fs::write(
        root.join("content/en/includes/note.md"),
        "Shared note version two.\n",
    )
    .unwrap();
    reload_shows(
        &server,
        &uses,
        "en/uses-include.html",
        "Shared note version two.",
    );
    assert!(!main_text(&server.get("en/uses-include.html").body).contains("version one"));
    assert_served_matches_build(
        &server,
        &[
            "en/target.html",
            "nl/target.html",
            "en/index.html",
            "nl/index.html",
            "en/uses-include.html",
            "en/linker.html",
        ],
    );
}

#[test]
fn snippet_sources_and_xref_targets_rerender_the_pages_that_use_them() {
    let server = start(sample_site());
    let root = server.root();
    let page = "en/connect-to-company-wifi.html";
    let rx = server.listen(page);
    let snippet = root.join("content/en/snippets/check-wifi.ps1");
    let text = std::fs::read_to_string(&snippet).unwrap();
    std::fs::write(
        &snippet,
        text.replace("profile is installed", "profile is here"),
    )
    .unwrap();
    reload_shows(&server, &rx, page, "profile is here");
    // The xref shows the target page's title; a new title reaches the page that links to it.
    let target = root.join("content/en/your-device-is-missing-a-required-certificate-android.md");
    let text = std::fs::read_to_string(&target).unwrap();
    std::fs::write(
        &target,
        text.replacen(
            "title: Your device is missing a required certificate",
            "title: A required certificate is missing",
            1,
        ),
    )
    .unwrap();
    reload_shows(&server, &rx, page, "A required certificate is missing");
    assert_served_matches_build(&server, &[page, "nl/connect-to-company-wifi.html"]);
}

/// The file of `dir` (a build output) whose name is `stem` plus a content hash.
fn hashed_file(dir: &Path, stem: &str, ext: &str) -> String {
    let prefix = format!("{stem}.");
    let found = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| {
            n.starts_with(&prefix) && n.ends_with(ext) && n.len() == prefix.len() + 8 + ext.len()
        });
    std::fs::read_to_string(
        dir.join(found.unwrap_or_else(|| panic!("no {stem}.*{ext} in {}", dir.display()))),
    )
    .unwrap()
}

/// The page shards of a locale's served search index, one after another.
fn served_pages_text(server: &Server, locale: &str) -> String {
    let top = server.get(&format!("{locale}/search-index.js")).body;
    let field = |name: &str| -> String {
        let at = top.find(&format!("\"{name}\":")).unwrap() + name.len() + 3;
        top[at..]
            .split([',', '}'])
            .next()
            .unwrap()
            .trim_matches('"')
            .to_string()
    };
    let (dir, docs, per) = (field("dir"), field("docs"), field("per"));
    let shards = docs
        .parse::<usize>()
        .unwrap()
        .div_ceil(per.parse().unwrap());
    (0..shards)
        .map(|n| server.get(&format!("{locale}/{dir}d{n}.js")).body)
        .collect()
}

#[test]
fn search_indexes_follow_edits_and_no_service_worker_is_served() {
    let server = start(sample_site());
    assert_eq!(
        server.get("sw.js").status,
        404,
        "a service worker would answer reloads from its cache"
    );
    let events = server.listen("en/target.html");
    let search_page = server.listen("en/search.html");
    std::fs::write(
        server.root().join("content/en/target.md"),
        page_source("Zebraquartz target", "Findable xylophonics."),
    )
    .unwrap();
    reload_shows(&server, &events, "en/target.html", "Findable xylophonics.");
    // The search page reloads once its index has the edit.
    wait_for(&search_page, "reload");
    assert!(served_pages_text(&server, "en").contains("Zebraquartz"));
    let out = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(["build", "--keep-going", "--root"])
        .arg(server.root())
        .arg("--out")
        .arg(out.path().join("p"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    for locale in ["en", "nl"] {
        // Indexes are rebuilt in the background, after the pages.
        let served = eventually(
            WAIT,
            || format!("{locale}: title never reached the search index"),
            || {
                let served = server.get(&format!("{locale}/search-index.js"));
                assert_eq!(served.status, 200);
                served_pages_text(&server, locale)
                    .contains("Zebraquartz")
                    .then_some(served)
            },
        );
        assert_eq!(
            served.body,
            hashed_file(&out.path().join("p").join(locale), "search-index", ".js"),
            "{locale}: index differs from a fresh build"
        );
    }
}

#[test]
fn template_ftl_and_css_changes() {
    let server = start(sample_site());
    let root = server.root();
    let page = server.listen("en/target.html");

    let css_path = root.join("static/helpsite.css");
    let css = std::fs::read_to_string(&css_path).unwrap();
    std::fs::write(&css_path, format!("{css}\n.serve-test {{ color: red; }}\n")).unwrap();
    let swapped = wait_for(&page, "css");
    assert!(swapped.contains("helpsite.css"), "{swapped}");
    assert!(server.get("helpsite.css").body.contains(".serve-test"));

    let tpl = root.join("templates/page.html");
    let text = std::fs::read_to_string(&tpl).unwrap();
    let edited = text.replacen(
        "{% block main %}",
        "{% block main %}<p id=\"tpl-marker\">template edit</p>",
        1,
    );
    assert_ne!(edited, text, "page.html has no main block to edit");
    std::fs::write(&tpl, edited).unwrap();
    wait_for(&page, "reload");
    assert!(server.get("en/target.html").body.contains("tpl-marker"));
    assert_served_matches_build(
        &server,
        &["en/target.html", "nl/target.html", "en/index.html"],
    );

    let not_found = root.join("templates/404.html");
    let text = std::fs::read_to_string(&not_found).unwrap();
    std::fs::write(
        &not_found,
        text.replacen("</main>", "<p>404 marker</p></main>", 1)
            .replacen("{% endblock", "<p>404 marker</p>{% endblock", 1),
    )
    .unwrap();
    eventually(
        WAIT,
        || "404 page not re-rendered".to_string(),
        || (server.get("en/404.html").body.contains("404 marker")).then_some(()),
    );
    assert_served_matches_build(
        &server,
        &["en/404.html", "nl/404.html", "404.html", "en/target.html"],
    );

    let ftl = root.join("locales/en/ui.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    let edited = text
        .lines()
        .map(|l| {
            if l.starts_with("site-home =") {
                "site-home = Back home from serve test"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(edited, text, "ui.ftl has no site-home message");
    std::fs::write(&ftl, edited + "\n").unwrap();
    wait_for(&page, "reload");
    assert!(server
        .get("en/target.html")
        .body
        .contains("Back home from serve test"));
}

/// The open page is re-rendered first and reloaded before the rest of the
/// site; every other page, asked for at once, is already the new one.
#[test]
fn a_template_save_reloads_the_open_page_first_and_serves_no_stale_page() {
    let server = start(sample_site());
    let root = server.root();
    let page = server.listen("en/target.html");
    let tpl = root.join("templates/page.html");
    let text = std::fs::read_to_string(&tpl).unwrap();
    std::fs::write(
        &tpl,
        text.replacen(
            "{% block main %}",
            "{% block main %}<p id=\"tpl-marker\">open first</p>",
            1,
        ),
    )
    .unwrap();
    wait_for(&page, "reload");
    // The reload went out once the open page's new HTML was in place.
    assert!(server.get("en/target.html").body.contains("tpl-marker"));
    for rel in ["en/linker.html", "en/uses-include.html", "nl/target.html"] {
        let reply = server.get(rel);
        assert_eq!(reply.status, 200, "{rel}");
        assert!(reply.body.contains("tpl-marker"), "{rel} served stale");
    }
    assert!(
        server.stderr().contains("re-rendered 1 open page(s) first"),
        "{}",
        server.stderr()
    );
    eventually(
        WAIT,
        || format!("the background never finished: {}", server.stderr()),
        || {
            (server
                .stderr()
                .contains("templates/page.html changed: rendered every page"))
            .then_some(())
        },
    );
    assert_served_matches_build(&server, &["en/target.html", "en/linker.html"]);
}

/// A page serve renders again after a template save gives its pictures
/// their sizes as the build does: it equals the built page.
#[test]
fn a_page_with_pictures_rendered_by_serve_equals_the_built_page() {
    let server = start(sample_site());
    let root = server.root();
    let rel = "en/your-device-is-missing-a-required-certificate-android.html";
    let tpl = root.join("templates/page.html");
    let text = std::fs::read_to_string(&tpl).unwrap();
    std::fs::write(
        &tpl,
        text.replacen("{% block main %}", "{% block main %}<p>sized</p>", 1),
    )
    .unwrap();
    eventually(
        WAIT,
        || format!("{rel} was never rendered again: {}", server.stderr()),
        || server.get(rel).body.contains("<p>sized</p>").then_some(()),
    );
    let page = server.get(rel).body;
    assert!(
        page.contains("cert-missing-error.png") && page.contains(" width=\""),
        "the picture carries its size"
    );
    assert_served_matches_build(&server, &[rel]);
}

/// Live-reload connections that name no page, or a hostile one, only make
/// the site-wide pages render first: the real open page still reloads.
#[test]
fn hostile_open_page_names_do_not_hold_up_the_real_open_page() {
    let server = start(sample_site());
    let long = "x".repeat(20_000);
    let _odd: Vec<_> = [
        "..%2F..%2Fsite.toml",
        "%00",
        "",
        long.as_str(),
        "en%2Ftarget.html%2F",
    ]
    .iter()
    .map(|name| server.listen(name))
    .collect();
    let page = server.listen("en/target.html");
    let tpl = server.root().join("templates/page.html");
    let text = std::fs::read_to_string(&tpl).unwrap();
    std::fs::write(
        &tpl,
        text.replacen("{% block main %}", "{% block main %}<p>hostile-open</p>", 1),
    )
    .unwrap();
    wait_for(&page, "reload");
    assert!(server.get("en/target.html").body.contains("hostile-open"));
    assert!(server.get("en/linker.html").body.contains("hostile-open"));
}

#[test]
fn a_template_error_caused_by_one_page_is_shown_and_cleared() {
    let server = start(sample_site());
    let root = server.root();
    let tpl = root.join("templates/page.html");
    let text = std::fs::read_to_string(&tpl).unwrap();
    std::fs::write(
        &tpl,
        text.replacen(
            "{% block main %}",
            "{% block main %}{% if page.meta.boom %}{{ page.meta.boom | round }}{% endif %}",
            1,
        ),
    )
    .unwrap();
    let events = server.listen("en/target.html");
    // No page's output changes yet, so there is no reload to wait for.
    eventually(
        WAIT,
        || format!("template edit not picked up: {}", server.stderr()),
        || (server.stderr().contains("templates/page.html changed")).then_some(()),
    );

    let file = root.join("content/en/target.md");
    std::fs::write(
        &file,
        "---\ntitle: Target page\nboom: not a number\n---\n\n# Target page\n\nBoom text.\n",
    )
    .unwrap();
    let errors = wait_for(&events, "errors");
    assert!(errors.contains("templates/page.html"), "{errors}");
    let page = server.get("en/target.html");
    assert_eq!(page.status, 200, "the last good output stays");
    assert!(main_text(&page.body).contains("Original target text."));
    assert_eq!(server.get("en/linker.html").status, 200);

    std::fs::write(&file, page_source("Target page", "No more boom.")).unwrap();
    assert_eq!(wait_for(&events, "errors"), "[]");
    reload_shows(&server, &events, "en/target.html", "No more boom.");
}

#[test]
fn broken_page_shows_overlay_errors_and_fixing_clears_them() {
    let server = start(sample_site());
    let file = server.root().join("content/en/target.md");
    let events = server.listen("en/target.html");
    std::fs::write(
        &file,
        page_source("Target page", "Now see [gone](no-such-page.md)."),
    )
    .unwrap();
    let errors = loop {
        let data = wait_for(&events, "errors");
        if data != "[]" {
            break data;
        }
    };
    let list: serde_json::Value = serde_json::from_str(&errors).unwrap();
    let first = &list[0];
    assert_eq!(first["file"], "content/en/target.md");
    assert_eq!(first["line"], 9);
    assert!(first["column"].as_u64().unwrap() > 0);
    assert!(first["message"]
        .as_str()
        .unwrap()
        .contains("no-such-page.md"));
    assert_eq!(first["source_line"], "Now see [gone](no-such-page.md).");
    // The terminal says the same, and the site keeps being served.
    eventually(
        WAIT,
        || format!("terminal did not report: {}", server.stderr()),
        || (server.stderr().contains("content/en/target.md:9:")).then_some(()),
    );
    assert_eq!(server.get("en/target.html").status, 200);
    assert_eq!(server.get("en/linker.html").status, 200);

    std::fs::write(&file, page_source("Target page", "Fixed again.")).unwrap();
    assert_eq!(wait_for(&events, "errors"), "[]");

    // Broken front matter and a file that is not UTF-8.
    std::fs::write(&file, "---\ntitle: [unclosed\n---\n\n# Target page\n").unwrap();
    let errors = wait_for(&events, "errors");
    assert!(
        errors.contains("front-matter") && errors.contains("content/en/target.md"),
        "{errors}"
    );
    std::fs::write(&file, b"# Target page\n\nCaf\xe9\n").unwrap();
    let errors = loop {
        let data = wait_for(&events, "errors");
        if data.contains("encoding") {
            break data;
        }
    };
    assert!(errors.contains("UTF-8"), "{errors}");
    std::fs::write(&file, page_source("Target page", "Fixed again.")).unwrap();
    assert_eq!(wait_for(&events, "errors"), "[]");

    // A template syntax error: every page shows it, and keeps its last good output.
    let tpl = server.root().join("templates/page.html");
    let good = std::fs::read_to_string(&tpl).unwrap();
    std::fs::write(&tpl, good.replacen("{% block main %}", "{% block main ", 1)).unwrap();
    let errors = wait_for(&events, "errors");
    assert!(errors.contains("templates/page.html"), "{errors}");
    let page = server.get("en/target.html");
    assert_eq!(page.status, 200);
    assert!(main_text(&page.body).contains("Fixed again."));
    std::fs::write(&tpl, good).unwrap();
    assert_eq!(wait_for(&events, "errors"), "[]");

    // A page whose anchor target disappears is reported on the linking page.
    let linker = server.listen("en/linker.html");
    std::fs::write(
        &file,
        "---\ntitle: Target page\n---\n\n# Target page\n\nNo details heading.\n",
    )
    .unwrap();
    let errors = wait_for(&linker, "errors");
    assert!(
        errors.contains("#details") && errors.contains("content/en/linker.md"),
        "{errors}"
    );
    std::fs::write(&file, page_source("Target page", "Details are back.")).unwrap();
    assert_eq!(wait_for(&linker, "errors"), "[]");
}

#[test]
fn toc_edits_keep_pages_in_step_with_a_fresh_build() {
    let server = start(sample_site());
    let toc = server.root().join("content/en/TOC.md");
    std::fs::write(
        &toc,
        "# [Target page](target.md)\n# [Linker page](linker.md)\n",
    )
    .unwrap();
    let pages = [
        "en/target.html",
        "en/linker.html",
        "nl/target.html",
        "en/index.html",
    ];
    // Navigation may or may not show the TOC; either way serve must match build.
    let settled = || {
        let out = tempfile::tempdir().unwrap();
        Command::new(env!("CARGO_BIN_EXE_helpsite"))
            .args(["build", "--keep-going", "--root"])
            .arg(server.root())
            .arg("--out")
            .arg(out.path().join("p"))
            .stderr(Stdio::null())
            .status()
            .unwrap();
        pages.iter().all(|rel| {
            let served = server.get(rel).body;
            let start = served.find("<script data-helpsite-reload>").unwrap();
            let end = served[start..].find("</script>\n").unwrap() + start + "</script>\n".len();
            plain_names(&std::fs::read_to_string(out.path().join("p").join(rel)).unwrap())
                == format!("{}{}", &served[..start], &served[end..])
        })
    };
    eventually(
        WAIT,
        || "served pages never matched the build after a TOC edit".into(),
        || settled().then_some(()),
    );
    std::fs::write(&toc, "# [Renamed entry](target.md)\n").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    eventually(
        WAIT,
        || "served pages never matched the build after a TOC edit".into(),
        || settled().then_some(()),
    );
    assert_served_matches_build(&server, &pages);
}

#[test]
fn site_toml_changes_rebuild_everything_and_a_broken_one_keeps_the_site_up() {
    let server = start(sample_site());
    let toml = server.root().join("site.toml");
    let good = std::fs::read_to_string(&toml).unwrap();
    let events = server.listen("en/target.html");

    std::fs::write(
        &toml,
        good.replace("title = \"Company help\"", "title = \"Renamed help site\"")
            .replace("nl = \"Bedrijfshulp\"", "nl = \"Hernoemde hulp\""),
    )
    .unwrap();
    wait_for(&events, "reload");
    assert!(server
        .get("en/target.html")
        .body
        .contains("Renamed help site"));
    // Dutch pages carry the Dutch name of the site ([titles]).
    assert!(server.get("nl/index.html").body.contains("Hernoemde hulp"));

    std::fs::write(&toml, "title = [unclosed\n").unwrap();
    let errors = wait_for(&events, "errors");
    assert!(errors.contains("site.toml"), "{errors}");
    assert_eq!(
        server.get("en/target.html").status,
        200,
        "the last good site stays up"
    );
    assert_eq!(server.get("en/linker.html").status, 200);

    std::fs::write(&toml, &good).unwrap();
    assert_eq!(wait_for(&events, "errors"), "[]");
    assert_served_matches_build(&server, &["en/target.html", "nl/index.html"]);
}

#[test]
fn renaming_deleting_and_adding_pages() {
    let server = start(sample_site());
    let en = server.root().join("content/en");
    let linker = server.listen("en/linker.html");
    let old = server.listen("en/target.html");

    std::fs::rename(en.join("target.md"), en.join("moved.md")).unwrap();
    wait_for(&old, "reload");
    assert_eq!(server.get("en/target.html").status, 404);
    let moved = server.get("en/moved.html");
    assert_eq!(moved.status, 200);
    assert!(main_text(&moved.body).contains("Original target text."));
    let errors = wait_for(&linker, "errors");
    assert!(
        errors.contains("broken-link") && errors.contains("target.md"),
        "{errors}"
    );
    eventually(
        WAIT,
        || format!("the link that broke was not reported: {}", server.stderr()),
        || (server.stderr().contains("content/en/linker.md:")).then_some(()),
    );

    let moved_events = server.listen("en/moved.html");
    std::fs::remove_file(en.join("moved.md")).unwrap();
    wait_for(&moved_events, "reload");
    assert_eq!(server.get("en/moved.html").status, 404);
    assert_eq!(server.get("nl/moved.html").status, 404);

    let fresh = server.listen("en/guides/new/fresh.html");
    std::fs::create_dir_all(en.join("guides/new")).unwrap();
    std::fs::write(
        en.join("guides/new/fresh.md"),
        page_source("Fresh page", "Brand new folder."),
    )
    .unwrap();
    reload_shows(
        &server,
        &fresh,
        "en/guides/new/fresh.html",
        "Brand new folder.",
    );
}

#[test]
fn polling_watcher_sees_edits_too() {
    let server = start_with(sample_site(), &["--poll"]);
    let events = server.listen("en/target.html");
    std::fs::write(
        server.root().join("content/en/target.md"),
        page_source("Target page", "Seen by polling."),
    )
    .unwrap();
    reload_shows(&server, &events, "en/target.html", "Seen by polling.");
    // Likely within the same second as the first edit: mtimes alone would miss it.
    std::fs::write(
        server.root().join("content/en/target.md"),
        page_source("Target page", "Seen again."),
    )
    .unwrap();
    reload_shows(&server, &events, "en/target.html", "Seen again.");
}

#[test]
fn a_site_that_cannot_be_built_at_start_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/"));
    assert!(
        out.stdout.is_empty(),
        "no URL for a site that is not served"
    );
}

#[test]
fn a_non_loopback_bind_accepts_other_host_names() {
    let server = start_with(sample_site(), &["--bind", "0.0.0.0"]);
    let r = server.request(&format!("GET /help/en/index.html HTTP/1.1\r\nHost: helpdesk-pc.example:{}\r\nConnection: close\r\n\r\n", server.port));
    assert_eq!(r.status, 200);
    assert_eq!(server.raw("/help/%2e%2e/site.toml", "").status, 404);
}

#[test]
fn hundred_rapid_edits_end_with_the_final_content() {
    let server = start(sample_site());
    let file = server.root().join("content/en/target.md");
    for i in 0..100 {
        std::fs::write(
            &file,
            page_source("Target page", &format!("Rapid edit number {i}.")),
        )
        .unwrap();
    }
    eventually(
        WAIT,
        || {
            format!(
                "final edit never served: {}",
                main_text(&server.get("en/target.html").body)
            )
        },
        || {
            main_text(&server.get("en/target.html").body)
                .contains("Rapid edit number 99.")
                .then_some(())
        },
    );
    // And it stays: no late rebuild of an older version.
    std::thread::sleep(Duration::from_millis(300));
    assert!(main_text(&server.get("en/target.html").body).contains("Rapid edit number 99."));
}

#[test]
fn traversal_and_foreign_hosts_get_no_file() {
    let server = start(sample_site());
    let root = server.root();
    let secret = server.dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-CONTENT").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, root.join("static/leak.txt")).unwrap();
        std::os::unix::fs::symlink(&secret, root.join("content/en/media/leak.png")).unwrap();
        std::fs::write(
            root.join("content/en/leaks.md"),
            "# Leaks\n\n![leak](media/leak.png)\n",
        )
        .unwrap();
        // Let the server pick up the new files before probing them: it
        // refuses both links, as build and check do.
        eventually(
            WAIT,
            || format!("links out of the site not refused: {}", server.stderr()),
            || {
                let err = server.stderr();
                (err.contains("content/en/media/leak.png: error") && err.contains("[path-escape]"))
                    .then_some(())
            },
        );
    }
    let attacks = [
        "/help/../site.toml",
        "/help/../../secret.txt",
        "/help/en/../../site.toml",
        "/help/%2e%2e/site.toml",
        "/help/%2e%2e/%2e%2e/secret.txt",
        "/help/en%2f..%2f..%2fsite.toml",
        "/help/%2E%2E%2Fsite.toml",
        "/help/..%5csite.toml",
        "/help/..\\site.toml",
        "/help/en\\..\\..\\site.toml",
        "/help/en/index.html%00.css",
        "/help/%00",
        "/help/leak.txt",
        "/help/en/media/leak.png",
        "/help//etc/passwd",
        "/help/.helpsite-output",
        "/../site.toml",
        "/site.toml",
        "/help/site.toml",
        "/help/content/en/target.md",
    ];
    for path in attacks {
        let r = server.raw(path, "");
        assert_ne!(r.status, 200, "{path} answered 200");
        assert!(
            !r.body.contains("TOP-SECRET") && !r.body.contains("default_locale"),
            "{path} leaked a file"
        );
    }
    let bad_request = server.request(&format!(
        "GET /help/en/index.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        "evil.example"
    ));
    assert_eq!(bad_request.status, 403);
    let rebinding = server.request(&format!("GET /help/en/index.html HTTP/1.1\r\nHost: attacker.example:{}\r\nConnection: close\r\n\r\n", server.port));
    assert_eq!(rebinding.status, 403);
    let no_host = server.request("GET /help/en/index.html HTTP/1.0\r\n\r\n");
    assert_ne!(no_host.status, 200);
    let localhost = server.request(&format!(
        "GET /help/en/index.html HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(localhost.status, 200);
    assert!(!localhost.headers.contains("access-control-allow-origin"));

    // Our own origin may listen; the stream's head arrives at once.
    let mut own = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    own.set_read_timeout(Some(WAIT)).unwrap();
    write!(own, "GET /help/__helpsite/events?page=en/index.html HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\n\r\n", server.host()).unwrap();
    let mut head = String::new();
    let mut reader = BufReader::new(own);
    while reader.read_line(&mut head).unwrap() > 2 && !head.ends_with("\r\n\r\n") {}
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/event-stream"),
        "{head}"
    );
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin"),
        "{head}"
    );

    let foreign = server.raw(
        "/help/__helpsite/events?page=en/index.html",
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(foreign.status, 403);
    let spoofed = server.raw(
        "/help/__helpsite/events?page=en/index.html",
        &format!("Origin: http://localhost.evil.example:{}\r\n", server.port),
    );
    assert_eq!(spoofed.status, 403);
}

/// Edit-to-reload latency on a big site, by default the 5,275-page site of
/// `python3 /work/shared/bench/make-site.py --project . --copies 25 --out /tmp/big`
/// (or `HELPSITE_BENCH_SITE`). Run with
/// `cargo test --release --test integration -- --ignored --nocapture serve::serve_latency`.
/// It reports figures and asserts only correctness, never timings.
#[test]
#[ignore]
fn serve_latency_benchmark() {
    let source =
        PathBuf::from(std::env::var("HELPSITE_BENCH_SITE").unwrap_or_else(|_| "/tmp/big".into()));
    if !require_or_skip(
        &format!("no site at {}", source.display()),
        source.join("site.toml").is_file(),
        "make it with the command in this test's doc comment, or set HELPSITE_BENCH_SITE",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&source, &dir.path().join("site"));
    let started = Instant::now();
    let server = start(dir);
    let until_url = started.elapsed();
    let built = server
        .stderr()
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap_or("")
        .to_string();
    let en = server.root().join("content/en");
    let mut pages: Vec<String> = walkdir::WalkDir::new(&en)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&en)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| {
            p.ends_with(".md")
                && !p.contains("includes/")
                && !p.ends_with("index.md")
                && !p.to_lowercase().ends_with("toc.md")
        })
        // A redirect page's output ignores its body: an edit there rightly reloads nothing.
        .filter(|p| {
            !std::fs::read_to_string(en.join(p))
                .unwrap_or_default()
                .contains("redirect_url:")
        })
        .collect();
    let step = (pages.len() / 30).max(1);
    pages = pages.into_iter().step_by(step).take(30).collect();
    assert!(
        pages.len() >= 20,
        "need at least 20 pages, found {}",
        pages.len()
    );

    let mut latencies = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let rel = format!("en/{}", page.trim_end_matches(".md").to_string() + ".html");
        let events = server.listen(&rel);
        let file = en.join(page);
        let text = std::fs::read_to_string(&file).unwrap();
        let marker = format!("Benchmark edit {i} done.");
        let t0 = Instant::now();
        std::fs::write(&file, format!("{text}\n\n{marker}\n")).unwrap();
        let reloaded = loop {
            match events.recv_timeout(WAIT) {
                Ok((e, _)) if e == "reload" => break true,
                Ok(_) => {}
                Err(_) => break false,
            }
        };
        let log = server.stderr();
        assert!(
            reloaded,
            "no reload for {rel}; server said: {}",
            &log[log.len().saturating_sub(2000)..]
        );
        let latency = t0.elapsed();
        // The reload must only come once the new page is served.
        assert!(main_text(&server.get(&rel).body).contains(&marker), "{rel}");
        latencies.push(latency);
    }
    // Heavier changes, timed the same way: a template every page uses (all
    // pages re-rendered) and a rename (a full build).
    let probe = format!(
        "en/{}",
        pages[0].trim_end_matches(".md").to_string() + ".html"
    );
    let events = server.listen(&probe);
    let tpl = server.root().join("templates/page.html");
    let text = std::fs::read_to_string(&tpl).unwrap();
    let t0 = Instant::now();
    std::fs::write(
        &tpl,
        text.replacen("{% block main %}", "{% block main %}<!-- bench -->", 1),
    )
    .unwrap();
    wait_for(&events, "reload");
    let template_latency = t0.elapsed();
    assert!(server.get(&probe).body.contains("<!-- bench -->"));
    let renamed = en.join(pages[1].replace(".md", "-renamed.md"));
    let events = server.listen(&format!(
        "en/{}",
        pages[1].trim_end_matches(".md").to_string() + ".html"
    ));
    let t0 = Instant::now();
    std::fs::rename(en.join(&pages[1]), &renamed).unwrap();
    wait_for(&events, "reload");
    let rename_latency = t0.elapsed();
    eprintln!("page.html edit to reload: {template_latency:.2?}; page rename to reload: {rename_latency:.2?}");

    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    eprintln!("initial build: {built} (process start to URL printed: {until_url:.2?})");
    eprintln!(
        "edit-to-reload over {} single-page edits: p50 {:.1?}, p95 {:.1?}, min {:.1?}, max {:.1?}",
        latencies.len(),
        pct(0.5),
        pct(0.95),
        latencies[0],
        latencies[latencies.len() - 1]
    );
}
