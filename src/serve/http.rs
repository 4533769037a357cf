//! The HTTP side of `serve`: requests below `base_path` answered from the
//! served state, with the guards a local preview server needs (paths that
//! stay inside the site, `Host` and `Origin` checks), and the live-reload
//! event stream.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;

use super::reload;
use super::state::{Change, RenderRequest, Served, Shared, SharedState};
use crate::diagnostics::Diagnostic;
use crate::links::percent_decode_strict;

/// Hands a request for a stale page to the engine.
pub type RequestRender = Box<dyn Fn(RenderRequest) + Send + Sync>;

/// How long a request waits for its page to be rendered before it gets
/// what there is (only a stuck engine takes that long).
const RENDER_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

pub struct App {
    pub shared: SharedState,
    pub changes: broadcast::Sender<Arc<Change>>,
    pub request_render: RequestRender,
    /// Refuse foreign `Host` headers (DNS rebinding) when bound to loopback.
    pub guard_host: bool,
    pub bound: SocketAddr,
    pub root: PathBuf,
}

pub fn router(app: Arc<App>) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(app)
}

pub fn host_text(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

/// The host part of a `Host` header, parsed as host and port:
/// `localhost:1111` → `localhost`, `[::1]:1111` → `[::1]`. Anything that is
/// not a host with an optional numeric port (`localhost:1@evil.com`) is `None`.
fn host_name(value: &str) -> Option<&str> {
    let (host, port) = if value.starts_with('[') {
        let end = value.find(']')?;
        (&value[..=end], value[end + 1..].strip_prefix(':'))
    } else {
        match value.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (value, None),
        }
    };
    if value[host.len()..].len() > port.map_or(0, |p| p.len() + 1) {
        return None;
    }
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':'));
    (port_ok && host_ok).then_some(host)
}

impl App {
    fn host_allowed(&self, headers: &HeaderMap) -> bool {
        if !self.guard_host {
            return true;
        }
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        let Some(name) = host_name(host).map(str::to_ascii_lowercase) else {
            return false;
        };
        name == "localhost"
            || name == host_text(self.bound.ip())
            || name == "127.0.0.1"
            || name == "[::1]"
    }

    /// A browser sends `Origin` with cross-origin requests: only our own
    /// origin may listen to the live-reload stream.
    fn origin_allowed(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        origin
            .to_str()
            .is_ok_and(|o| o.eq_ignore_ascii_case(&format!("http://{host}")))
    }
}

/// Maps a raw request path (still percent-encoded) below `base_path` to an
/// output path, or `None` for anything that could step outside the site:
/// `..` or `.` segments, encoded slashes or backslashes, NUL bytes, empty
/// segments, invalid encoding. Folders map to their `index.html`.
pub fn resolve_request_path(raw: &str, base_path: &str) -> Option<String> {
    let rest = raw.strip_prefix(base_path)?;
    let lower = rest.to_ascii_lowercase();
    if rest.contains('\\') || lower.contains("%2f") || lower.contains("%5c") {
        return None;
    }
    let decoded = percent_decode_strict(rest)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == ".." || *s == "." || (s.is_empty() && i != last) {
            return None;
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Some(format!("{decoded}index.html"))
    } else {
        Some(decoded)
    }
}

fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    if !app.host_allowed(req.headers()) {
        return plain(StatusCode::FORBIDDEN, "forbidden: unexpected Host header\n");
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
    }
    let raw = req.uri().path().to_string();
    let base_path = app.shared.read().base_path.clone();
    if raw == "/" && base_path != "/" {
        return redirect(&base_path);
    }
    if format!("{raw}/") == base_path {
        return redirect(&base_path);
    }
    if raw == format!("{base_path}{}", reload::EVENTS_PATH) {
        if !app.origin_allowed(req.headers()) {
            return plain(
                StatusCode::FORBIDDEN,
                "forbidden: cross-origin live-reload request\n",
            );
        }
        let page = Query::<HashMap<String, String>>::try_from_uri(req.uri())
            .ok()
            .and_then(|q| q.0.get("page").cloned())
            .unwrap_or_default();
        return events(app, page);
    }
    let Some(rel) = resolve_request_path(&raw, &base_path) else {
        return not_found(&app, "", &base_path).await;
    };
    fresh(&app, &rel).await;
    let found = app.shared.read().files.get(&rel).cloned();
    match found {
        Some(served) => respond(&app, &rel, served, &base_path, StatusCode::OK).await,
        None => {
            let folder_index = format!("{rel}/index.html");
            if !rel.ends_with("index.html") && app.shared.read().files.contains_key(&folder_index) {
                return redirect(&format!("{raw}/"));
            }
            not_found(&app, &rel, &base_path).await
        }
    }
}

/// Waits until `rel` is rendered if it is stale. The engine renders it
/// between other work, so the server never waits on the whole site.
async fn fresh(app: &App, rel: &str) {
    if !app.shared.read().is_stale(rel) {
        return;
    }
    let (done, finished) = tokio::sync::oneshot::channel();
    (app.request_render)(RenderRequest {
        path: rel.to_string(),
        done,
    });
    let _ = tokio::time::timeout(RENDER_WAIT, finished).await;
}

async fn not_found(app: &App, rel: &str, base_path: &str) -> Response {
    let locale_404 = rel.split_once('/').map(|(l, _)| format!("{l}/404.html"));
    for page in locale_404.iter().map(String::as_str).chain(["404.html"]) {
        fresh(app, page).await;
    }
    let shared = app.shared.read();
    let page = locale_404
        .and_then(|p| shared.files.get(&p).cloned())
        .or_else(|| shared.files.get("404.html").cloned());
    drop(shared);
    match page {
        // The 404 page listens under the missing path, so creating that page reloads it.
        Some(Served::Bytes(b)) => {
            html_response(StatusCode::NOT_FOUND, reload::inject(&b, base_path, rel))
        }
        _ => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

fn html_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

async fn respond(
    app: &App,
    rel: &str,
    served: Served,
    base_path: &str,
    status: StatusCode,
) -> Response {
    let data: Vec<u8> = match served {
        Served::Bytes(b) => b.to_vec(),
        Served::File(path) => match read_inside(&app.root, &path).await {
            Some(d) => d,
            None => return not_found(app, rel, base_path).await,
        },
    };
    let ctype = content_type(rel);
    if ctype.starts_with("text/html") {
        return html_response(status, reload::inject(&data, base_path, rel));
    }
    let mut r = Response::new(Body::from(data));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// Reads a copied source file only if, symlinks resolved, it lies inside
/// the site root.
async fn read_inside(root: &Path, path: &Path) -> Option<Vec<u8>> {
    let real = tokio::fs::canonicalize(path).await.ok()?;
    if !real.starts_with(root) {
        return None;
    }
    tokio::fs::read(real).await.ok()
}

fn errors_for(shared: &Shared, page: &str) -> String {
    let mut list: Vec<&Diagnostic> = shared.site_errors.iter().collect();
    if let Some(errors) = shared.page_errors.get(page) {
        list.extend(errors.iter());
    }
    serde_json::to_string(
        &list
            .into_iter()
            .map(reload::diagnostic_json)
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| "[]".into())
}

/// Counts a live-reload connection among the open pages while it lasts.
struct OpenPage {
    shared: SharedState,
    page: String,
}

impl OpenPage {
    fn new(shared: &SharedState, page: &str) -> OpenPage {
        let mut state = shared.write();
        let count = state.open.entry(page.to_string()).or_default();
        *count = count.saturating_add(1);
        drop(state);
        OpenPage {
            shared: shared.clone(),
            page: page.to_string(),
        }
    }
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        let mut shared = self.shared.write();
        if let Some(count) = shared.open.get_mut(&self.page) {
            *count -= 1;
            if *count == 0 {
                shared.open.remove(&self.page);
            }
        }
    }
}

struct Stream {
    app: Arc<App>,
    rx: broadcast::Receiver<Arc<Change>>,
    _open: OpenPage,
    page: String,
    last_errors: Option<String>,
    queue: VecDeque<Event>,
}

fn events(app: Arc<App>, page: String) -> Response {
    let rx = app.changes.subscribe();
    let state = Stream {
        _open: OpenPage::new(&app.shared, &page),
        app,
        rx,
        page,
        last_errors: None,
        queue: VecDeque::new(),
    };
    let stream = futures_util::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(e) = s.queue.pop_front() {
                return Some((Ok::<Event, Infallible>(e), s));
            }
            if s.last_errors.is_none() {
                let errors = errors_for(&s.app.shared.read(), &s.page);
                s.queue
                    .push_back(Event::default().event("errors").data(errors.clone()));
                s.last_errors = Some(errors);
                continue;
            }
            let reload = match s.rx.recv().await {
                Ok(change) => {
                    let errors = errors_for(&s.app.shared.read(), &s.page);
                    if s.last_errors.as_deref() != Some(errors.as_str()) {
                        s.queue
                            .push_back(Event::default().event("errors").data(errors.clone()));
                        s.last_errors = Some(errors);
                    }
                    if change.reload_all || change.changed.contains(&s.page) {
                        Some(change.generation)
                    } else {
                        if !change.css.is_empty() {
                            let css = serde_json::to_string(&change.css).unwrap_or_default();
                            s.queue.push_back(Event::default().event("css").data(css));
                        }
                        None
                    }
                }
                // Missed some changes: reloading is always right.
                Err(broadcast::error::RecvError::Lagged(_)) => Some(0),
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            if let Some(generation) = reload {
                s.queue.push_back(
                    Event::default()
                        .event("reload")
                        .data(generation.to_string()),
                );
            }
        }
    });
    let mut r = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_site() {
        let base = "/help/";
        assert_eq!(
            resolve_request_path("/help/", base).as_deref(),
            Some("index.html")
        );
        assert_eq!(
            resolve_request_path("/help/en/", base).as_deref(),
            Some("en/index.html")
        );
        assert_eq!(
            resolve_request_path("/help/en/a%20b.html", base).as_deref(),
            Some("en/a b.html")
        );
        for bad in [
            "/help/../site.toml",
            "/help/en/../../site.toml",
            "/help/%2e%2e/site.toml",
            "/help/%2E%2E/site.toml",
            "/help/en%2f..%2f..%2fsite.toml",
            "/help/en%2F..%2Fx",
            "/help/..\\site.toml",
            "/help/%5c..%5csite.toml",
            "/help/en/a.html%00.png",
            "/help/en//a.html",
            "/help/./en/a.html",
            "/help/%zz",
            "/help/%c3%28",
            "/other/en/a.html",
        ] {
            assert_eq!(resolve_request_path(bad, base), None, "{bad}");
        }
    }

    #[test]
    fn host_names() {
        assert_eq!(host_name("localhost:1111"), Some("localhost"));
        assert_eq!(host_name("[::1]:80"), Some("[::1]"));
        assert_eq!(host_name("example.com"), Some("example.com"));
        for bad in [
            "localhost:1111@evil.com",
            "localhost:x",
            "[::1]x",
            "localhost:",
            "a b",
            "",
        ] {
            assert_eq!(host_name(bad), None, "{bad}");
        }
    }
}
