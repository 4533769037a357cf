//! docs/hosting.md, tested: its nginx block is taken from the guide itself,
//! pasted into a `server { }` the way an admin would, and run with Debian's
//! nginx over the sample site's output under `/help/`. Every statement the
//! guide makes about what nginx then sends is checked over real HTTP, and in
//! Chromium (tests/browser/hosting.test.mjs). The Apache and IIS blocks
//! cannot run here; they are checked for the same policy and, for IIS, for
//! well-formed XML.
//!
//! Without nginx the test prints one SKIPPED line; under `CI=true` that is a
//! failure (`.ci/install-browser.sh` installs it). The hostile requests
//! (dotfiles, symlinks, `..`, long URLs) are in `hostile/hosting.rs`.

use crate::support;

pub(crate) mod apache;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const GUIDE: &str = include_str!("../../docs/hosting.md");
/// Where the guide's examples publish the output.
pub(crate) const GUIDE_OUTPUT: &str = "/srv/www/help/";
const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
const NO_CACHE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub(crate) const WAIT: Duration = Duration::from_secs(20);

/// The fenced block of `language` that opens with the guide's marker line.
pub(crate) fn guide_block(language: &str) -> String {
    let fence = format!("```{language}");
    let mut lines = GUIDE.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() != fence {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        if block.iter().any(|l| l.contains("helpsite-hosting:")) {
            return block.join("\n") + "\n";
        }
    }
    panic!("docs/hosting.md has no ```{language} block with a `helpsite-hosting:` marker");
}

fn nginx_binary() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// The nginx binary, or None after the loud skip (a failure under CI).
pub(crate) fn nginx_or_skip() -> Option<PathBuf> {
    let found = nginx_binary();
    support::require_or_skip(
        "no nginx at /usr/sbin/nginx",
        found.is_some(),
        "run .ci/install-browser.sh as root (installs Debian's nginx), or apt-get install nginx",
    )
    .then(|| found.unwrap())
}

/// A name→(len, mtime) view of the files nginx and Apache write by
/// default, so a test can show they wrote none of them.
pub(crate) fn system_server_files() -> BTreeMap<PathBuf, Option<(u64, std::time::SystemTime)>> {
    [
        "/var/log/nginx/error.log",
        "/var/log/nginx/access.log",
        "/run/nginx.pid",
        "/var/log/apache2/error.log",
        "/var/log/apache2/access.log",
        "/var/log/apache2/other_vhosts_access.log",
        "/run/apache2/apache2.pid",
    ]
    .iter()
    .map(|p| {
        let meta = std::fs::metadata(p).ok();
        (
            PathBuf::from(p),
            meta.map(|m| (m.len(), m.modified().unwrap())),
        )
    })
    .collect()
}

/// Debian's nginx serving `site` under `/help/` with the guide's block.
/// Everything it writes (pid, logs, temp files) is under `tmp`; it is
/// stopped gracefully when dropped.
pub(crate) struct Nginx {
    child: Child,
    pub port: u16,
    tmp: PathBuf,
    before: BTreeMap<PathBuf, Option<(u64, std::time::SystemTime)>>,
}

impl Nginx {
    pub fn start(binary: &Path, tmp: &Path, site: &Path) -> Nginx {
        let block = guide_block("nginx");
        assert!(
            block.contains(GUIDE_OUTPUT),
            "the nginx block publishes {GUIDE_OUTPUT}"
        );
        let site = format!("{}/", site.display());
        let block = block.replace(GUIDE_OUTPUT, &site);
        let before = system_server_files();
        // The port is free when asked; another process may take it before
        // nginx does, so a failed start tries another.
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            std::fs::write(tmp.join("nginx.conf"), wrapper(tmp, port, &block)).unwrap();
            let t = tmp.display();
            let mut child = Command::new(binary)
                .args(["-p", &format!("{t}/"), "-c", &format!("{t}/nginx.conf")])
                .args(["-e", &format!("{t}/error.log")])
                .args([
                    "-g",
                    &format!("daemon off; pid {t}/nginx.pid; error_log {t}/error.log;"),
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start nginx");
            if answers(&mut child, port) {
                return Nginx {
                    child,
                    port,
                    tmp: tmp.to_path_buf(),
                    before,
                };
            }
            let _ = child.kill();
            let _ = child.wait();
            last_error = std::fs::read_to_string(tmp.join("error.log")).unwrap_or_default();
            if !last_error.contains("Address already in use") {
                break;
            }
        }
        panic!("nginx did not start with the guide's block:\n{last_error}\n{block}");
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}/help/", self.port)
    }

    pub fn get(&self, target: &str) -> Reply {
        self.request(target, "")
    }

    pub fn request(&self, target: &str, headers: &str) -> Reply {
        http(self.port, target, headers)
    }

    /// The files nginx writes by default are as they were: everything it
    /// wrote is under the test's folder.
    pub fn assert_wrote_only_under_tmp(&self) {
        assert_eq!(
            system_server_files(),
            self.before,
            "nginx wrote outside {}",
            self.tmp.display()
        );
        assert!(self.tmp.join("error.log").is_file());
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGQUIT: the master stops its workers too, which a SIGKILL would orphan.
        let _ = Command::new("kill")
            .args(["-QUIT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The test's own `nginx.conf`: what Debian's main configuration gives
/// every server (mime.types), temp paths and logs under `tmp`, and the
/// guide's block inside a `server { }`.
fn wrapper(tmp: &Path, port: u16, block: &str) -> String {
    let t = tmp.display();
    // Run as root (CI), nginx hands the workers to another user; Debian's is www-data.
    let user = if is_root() {
        "user www-data www-data;\n"
    } else {
        ""
    };
    format!(
        "{user}worker_processes 1;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n\
         include /etc/nginx/mime.types;\n\
         default_type application/octet-stream;\n\
         access_log {t}/access.log;\n\
         client_body_temp_path {t}/body;\n\
         proxy_temp_path {t}/proxy;\n\
         fastcgi_temp_path {t}/fastcgi;\n\
         uwsgi_temp_path {t}/uwsgi;\n\
         scgi_temp_path {t}/scgi;\n\
         server {{\n\
         listen 127.0.0.1:{port};\n\
         server_name localhost;\n\
         {block}\
         }}\n\
         }}\n"
    )
}

pub(crate) fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let uid = s.lines().find_map(|l| l.strip_prefix("Uid:"))?;
            uid.split_whitespace().nth(1).map(|euid| euid == "0")
        })
        .unwrap_or(false)
}

/// One request with `target` sent as it is (no normalisation), over
/// HTTP/1.1, as browsers talk (nginx compresses only for 1.1).
pub(crate) fn http(port: u16, target: &str, headers: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let head =
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let mut data = Vec::new();
    s.read_to_end(&mut data).unwrap();
    Reply::parse(&data)
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    fn parse(data: &[u8]) -> Reply {
        let split = data
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(data.len());
        let head = String::from_utf8_lossy(&data[..split]);
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let raw = data.get(split + 4..).unwrap_or_default();
        let chunked = headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
        let body = if chunked { dechunk(raw) } else { raw.to_vec() };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
            .unwrap_or(0);
        raw = &raw[end + 2..];
        if size == 0 || raw.len() < size {
            break;
        }
        body.extend_from_slice(&raw[..size]);
        raw = raw.get(size + 2..).unwrap_or_default();
    }
    body
}

/// A folder for one nginx: readable by the workers' user when run as root.
pub(crate) fn nginx_tmp() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    tmp
}

/// The sample site built into `out` with its zip download inside it, as
/// the guide's table lists it, and a click-to-load video on the nl home,
/// which the guide's policy refuses to frame.
pub(crate) fn build_sample(out: &Path) {
    let site = support::sample_site();
    let home = site.path().join("content/nl/index.md");
    let mut text = std::fs::read_to_string(&home).unwrap();
    text.push_str("\n> [!VIDEO https://video.example.com/embed/abc]\n");
    std::fs::write(&home, text).unwrap();
    let zip = out.join("help.zip");
    let o = support::run(
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--zip",
            zip.to_str().unwrap(),
        ],
        site.path(),
    );
    assert!(o.status.success(), "build failed: {}", support::stderr(&o));
}

/// The guide's rule for names that carry a content hash.
fn is_hashed(rel: &str) -> bool {
    let re = regex::Regex::new(r"(\.[0-9a-f]{8}\.(css|js)|/search-index/[0-9a-f]{8}/[^/]+\.js)$")
        .unwrap();
    re.is_match(&format!("/{rel}"))
}

/// The type the guide promises for a file of the output.
fn expected_type(rel: &str) -> &'static [&'static str] {
    match rel.rsplit_once('.').map(|(_, e)| e).unwrap_or("") {
        "html" => &["text/html; charset=utf-8"],
        "css" => &["text/css; charset=utf-8"],
        // nginx 1.22's mime.types says application/, newer ones text/.
        "js" => &[
            "application/javascript; charset=utf-8",
            "text/javascript; charset=utf-8",
        ],
        "json" => &["application/json; charset=utf-8"],
        "svg" => &["image/svg+xml; charset=utf-8"],
        // nginx's mime.types says text/, /etc/mime.types (Apache) application/.
        "xml" => &["text/xml; charset=utf-8", "application/xml; charset=utf-8"],
        "png" => &["image/png"],
        "jpg" | "jpeg" => &["image/jpeg"],
        "webp" => &["image/webp"],
        "zip" => &["application/zip"],
        other => panic!("the guide does not say which type .{other} gets ({rel})"),
    }
}

fn output_files(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn assert_security_headers(r: &Reply, what: &str) {
    assert_eq!(r.header("content-security-policy"), Some(CSP), "{what}");
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        r.header("referrer-policy"),
        Some("strict-origin-when-cross-origin"),
        "{what}"
    );
}

#[test]
fn the_guide_states_the_csp_it_configures_for_every_server() {
    // The policy is written out in the text and in each server's block: they
    // must not drift apart.
    for block in [
        guide_block("nginx"),
        guide_block("apache"),
        guide_block("xml"),
    ] {
        assert!(block.contains(CSP), "{block}");
        assert!(block.contains("nosniff") && block.contains("strict-origin-when-cross-origin"));
        assert!(block.contains("/help/404.html"), "{block}");
    }
    assert!(GUIDE.contains(&format!("\n{CSP}\n")));
}

#[test]
fn the_iis_web_config_is_well_formed_and_says_what_the_guide_says() {
    let xml = guide_block("xml");
    let doc = roxmltree::Document::parse(&xml).expect("web.config parses");
    let server = doc
        .descendants()
        .find(|n| n.has_tag_name("system.webServer"))
        .expect("system.webServer");
    let find = |name: &str| server.descendants().find(|n| n.has_tag_name(name));
    assert_eq!(
        find("directoryBrowse").unwrap().attribute("enabled"),
        Some("false")
    );
    assert_eq!(
        find("clientCache").unwrap().attribute("cacheControlMode"),
        Some("DisableCache")
    );
    let error = find("error").unwrap();
    assert_eq!(
        (
            error.attribute("statusCode"),
            error.attribute("path"),
            error.attribute("responseMode")
        ),
        (Some("404"), Some("/help/404.html"), Some("ExecuteURL"))
    );
    let mime: BTreeMap<_, _> = server
        .descendants()
        .filter(|n| n.has_tag_name("mimeMap"))
        .map(|n| {
            (
                n.attribute("fileExtension").unwrap(),
                n.attribute("mimeType").unwrap(),
            )
        })
        .collect();
    assert_eq!(mime.get(".webp"), Some(&"image/webp"));
    assert_eq!(mime.get(".json"), Some(&"application/json"));
    // Each mimeMap is preceded by its remove, or IIS refuses a duplicate.
    for ext in mime.keys() {
        assert!(server
            .descendants()
            .any(|n| n.has_tag_name("remove") && n.attribute("fileExtension") == Some(ext)));
    }
    let headers: BTreeMap<_, _> = find("customHeaders")
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("add"))
        .map(|n| (n.attribute("name").unwrap(), n.attribute("value").unwrap()))
        .collect();
    assert_eq!(headers.get("Content-Security-Policy"), Some(&CSP));
    let deny = find("denyUrlSequences").unwrap();
    assert!(deny
        .children()
        .any(|n| n.attribute("sequence") == Some("/.")));

    // The optional rewrite rule: its own well-formed block, with the same
    // rule for hashed names as nginx's.
    let start = GUIDE.find("```xml\n<rewrite>").expect("the rewrite block");
    let rest = &GUIDE[start + 7..];
    let rewrite = &rest[..rest.find("```").unwrap()];
    let doc = roxmltree::Document::parse(rewrite).expect("the rewrite rule parses");
    let condition = doc
        .descendants()
        .find(|n| n.has_tag_name("add"))
        .and_then(|n| n.attribute("pattern"))
        .unwrap();
    let re = regex::Regex::new(condition).unwrap();
    assert!(
        re.is_match("/help/helpsite.0522ef52.js")
            && re.is_match("/help/nl/search-index/6b660770/t0.js")
    );
    assert!(!re.is_match("/help/sw.js") && !re.is_match("/help/nl/index.html"));
}

/// What the guide promises of every server: each file of the output with
/// its type, its bytes, the headers and its Cache-Control; the home at
/// `/help/`; the root 404 page for what is missing; gzip for text.
pub(crate) fn assert_serves_the_output(port: u16, out: &Path) {
    let get = |target: &str| http(port, target, "");
    let files = output_files(out);
    assert!(files.iter().any(|f| f.ends_with(".webp")) && files.iter().any(|f| f == "help.zip"));
    let mut hashed = 0;
    for rel in &files {
        let r = http(port, &format!("/help/{rel}"), "");
        assert_eq!(r.status, 200, "{rel}");
        let ty = r.header("content-type").unwrap_or("");
        assert!(expected_type(rel).contains(&ty), "{rel}: {ty}");
        assert!(
            r.body == std::fs::read(out.join(rel)).unwrap(),
            "{rel}: the file itself"
        );
        assert_security_headers(&r, rel);
        // The guide's table: only stylesheets and scripts carry a hash, all of them but sw.js.
        let script = rel.ends_with(".js") || rel.ends_with(".css");
        assert_eq!(is_hashed(rel), script && rel != "sw.js", "{rel}");
        let cache = if is_hashed(rel) { IMMUTABLE } else { NO_CACHE };
        hashed += usize::from(is_hashed(rel));
        assert_eq!(r.header("cache-control"), Some(cache), "{rel}");
    }
    assert!(hashed >= 8, "{hashed} hashed files");

    let root = get("/help/");
    assert_eq!(root.status, 200);
    assert_eq!(root.body, std::fs::read(out.join("index.html")).unwrap());
    let bare = get("/help");
    assert_eq!(bare.status, 301);
    assert!(bare.header("location").unwrap().ends_with("/help/"));

    for missing in [
        "/help/nl/no-such-page.html",
        "/help/go/NO-SUCH-ID.html",
        "/help/en/media/gone.png",
    ] {
        let r = get(missing);
        assert_eq!(r.status, 404, "{missing}");
        assert_eq!(
            r.body,
            std::fs::read(out.join("404.html")).unwrap(),
            "{missing}: the root 404 page"
        );
        assert_security_headers(&r, missing);
        assert_eq!(r.header("cache-control"), Some(NO_CACHE));
    }

    // Compressed when asked, for text only.
    for rel in ["nl/index.html", "urls.json", "icon.svg", "sitemap.xml"]
        .into_iter()
        .chain(
            files
                .iter()
                .filter(|f| is_hashed(f))
                .map(String::as_str)
                .take(3),
        )
    {
        let r = http(port, &format!("/help/{rel}"), "Accept-Encoding: gzip\r\n");
        assert_eq!(r.header("content-encoding"), Some("gzip"), "{rel}");
        assert_eq!(r.header("vary"), Some("Accept-Encoding"), "{rel}");
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&r.body[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert!(plain == std::fs::read(out.join(rel)).unwrap(), "{rel}");
    }
    let png = files.iter().find(|f| f.ends_with(".png")).unwrap();
    let r = http(port, &format!("/help/{png}"), "Accept-Encoding: gzip\r\n");
    assert_eq!((r.status, r.header("content-encoding")), (200, None));
}

#[test]
fn nginx_serves_the_output_under_help_as_the_guide_says() {
    let Some(binary) = nginx_or_skip() else {
        return;
    };
    let tmp = nginx_tmp();
    let out = tmp.path().join("www/help");
    build_sample(&out);
    let nginx = Nginx::start(&binary, tmp.path(), &out);

    assert_serves_the_output(nginx.port, &out);

    // A folder without index.html: no listing.
    let r = nginx.get("/help/en/media/");
    assert_eq!(r.status, 403);
    assert!(!r.text().contains(".png"), "{}", r.text());

    browser_check(&nginx);
    nginx.assert_wrote_only_under_tmp();
}

/// tests/browser/hosting.test.mjs against this nginx: no CSP violation,
/// search, the service worker's scope, the localized 404.
fn browser_check(nginx: &Nginx) {
    let dir = support::repo().join("tests/browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let ready = chromium.is_file()
        && dir
            .join("node_modules/playwright-core/package.json")
            .is_file();
    if !support::require_or_skip(
        "the nginx browser check needs Chromium, Node and tests/browser/node_modules",
        ready,
        "run .ci/install-browser.sh",
    ) {
        return;
    }
    let o = Command::new("node")
        .args(["--test", "--test-reporter=spec", "hosting.test.mjs"])
        .current_dir(&dir)
        .env("HELPSITE_NGINX_URL", nginx.base())
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.status.success(),
        "the browser check through nginx failed:\n{report}"
    );
    assert!(
        report.contains("ℹ skipped 0") && !report.contains("ℹ pass 0"),
        "{report}"
    );
}

/// Whether a server just started answers on `port` before it exits or
/// [`WAIT`] runs out.
pub(crate) fn answers(child: &mut std::process::Child, port: u16) -> bool {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}
