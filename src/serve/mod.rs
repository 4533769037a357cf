//! `helpsite serve`: build into memory, serve over HTTP under the site's
//! `base_path`, watch the sources, re-render what an edit touches and tell
//! open pages to reload.
//!
//! Nothing is written to disk: pages live in memory and copied files
//! (assets, `static/`) are read from their source on request, so the
//! watched folders never see our output and a rebuild cannot trigger itself.
//!
//! `plan` sorts file events, `engine` applies them through the model,
//! `search_job` rebuilds search indexes in the background, `state` is what
//! is served, `http` serves it, `reload` is the live-reload script.

pub mod engine;
pub mod http;
pub mod plan;
pub mod reload;
pub mod search_job;
pub mod state;
pub mod watch;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

use tokio::sync::broadcast;

use crate::diagnostics::{self, Diagnostic};
use engine::Engine;
use search_job::SearchJob;
use state::{Change, RenderRequest, Report};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub poll: bool,
}

/// How serving ended, for the command line to turn into an exit code.
#[derive(Debug)]
pub enum Outcome {
    /// Interrupted by the user.
    Stopped,
    /// The site could not be built at start; the diagnostics were printed.
    SiteBroken(Vec<Diagnostic>),
    /// A mistake in how serve was called (root, address).
    Usage(String),
    /// Something in the environment failed (watching, the runtime).
    Failed(String),
}

/// What the rebuild thread waits for: file events, search indexes built
/// in the background, and requests for pages not yet re-rendered.
enum Message {
    Watch(watch::Event),
    Search(SearchJob),
    Render(RenderRequest),
}

/// Runs until interrupted.
pub fn run(opts: ServeOptions) -> Outcome {
    let root = match opts.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            return Outcome::Usage(format!(
                "cannot open site root {}: {e}",
                opts.root.display()
            ))
        }
    };
    let mut engine = Engine::new(&root);
    let report = engine.full_build();
    if engine.site.is_none() {
        // Nothing to serve yet; later edits are another matter (the last good site stays up).
        diagnostics::print(&report.new_diagnostics, false);
        eprintln!("serve: the site cannot be built; fix the problems above and start again");
        return Outcome::SiteBroken(report.new_diagnostics);
    }
    print_report(&report, true);
    let shared = engine.shared.clone();

    let (tx, rx) = std::sync::mpsc::channel();
    let watch_tx = tx.clone();
    let watcher = match watch::start(&root, opts.poll, move |e| {
        let _ = watch_tx.send(Message::Watch(e));
    }) {
        Ok(w) => w,
        Err(e) => return Outcome::Failed(format!("cannot watch {}: {e}", root.display())),
    };
    let (changes, _) = broadcast::channel::<Arc<Change>>(256);
    let engine_changes = changes.clone();
    let render_tx = std::sync::Mutex::new(tx.clone());
    let request_render: http::RequestRender = Box::new(move |request| {
        let tx = render_tx.lock().unwrap_or_else(|e| e.into_inner());
        let _ = tx.send(Message::Render(request));
    });
    let spawned = std::thread::Builder::new()
        .name("helpsite-rebuild".into())
        .spawn(move || rebuild_loop(engine, rx, tx, engine_changes));
    if let Err(e) = spawned {
        return Outcome::Failed(format!("cannot start the rebuild thread: {e}"));
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(format!("cannot start the server: {e}")),
    };
    let outcome = runtime.block_on(async move {
        let address = SocketAddr::new(opts.bind, opts.port);
        let listener = match tokio::net::TcpListener::bind(address).await {
            Ok(l) => l,
            Err(e) => {
                return Outcome::Usage(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))
            }
        };
        let bound = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => return Outcome::Failed(format!("cannot listen on {address}: {e}")),
        };
        let base_path = shared.read().base_path.clone();
        let app = Arc::new(http::App {
            shared,
            changes,
            request_render,
            guard_host: opts.bind.is_loopback(),
            bound,
            root,
        });
        let shown_host = if opts.bind.is_unspecified() {
            "localhost".to_string()
        } else {
            http::host_text(opts.bind)
        };
        let url = format!("http://{shown_host}:{}{base_path}", bound.port());
        // Only a notice: serving goes on even if no one reads stdout.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Serving {url} (Ctrl+C to stop)").and_then(|()| out.flush());
        drop(out);
        if opts.open {
            open_browser(&url);
        }
        tokio::select! {
            result = accept_loop(listener, http::router(app)) => match result {
                Ok(()) => Outcome::Stopped,
                Err(e) => Outcome::Failed(format!("server stopped: {e}")),
            },
            _ = tokio::signal::ctrl_c() => Outcome::Stopped,
        }
    });
    drop(watcher);
    // Open live-reload streams would keep a graceful shutdown waiting.
    runtime.shutdown_background();
    outcome
}

/// How long a client may take to send a request's headers, counted from
/// when it connects or its previous response ended: a half-open or idle
/// connection is closed after this, so thousands of them cannot stall
/// the server. Live-reload streams are responses, so they are not cut.
const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves each connection with hyper directly, because `axum::serve` has
/// no setting for a header-read timeout.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    router: axum::Router,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(s) => s,
            // Out of file descriptors and the like: wait, then go on serving.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn rebuild_loop(
    mut engine: Engine,
    rx: Receiver<Message>,
    tx: Sender<Message>,
    changes: broadcast::Sender<Arc<Change>>,
) {
    let start_search = |engine: &mut Engine| {
        let tx = tx.clone();
        engine.start_search(move |job| {
            let _ = tx.send(Message::Search(job));
        });
    };
    loop {
        // Pending pages render a chunk at a time while nothing else waits.
        let first = if engine.has_pending() {
            match rx.try_recv() {
                Ok(m) => m,
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    let report = guarded(&mut engine, |e| e.render_pending());
                    publish(&report, &changes);
                    continue;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => break,
            }
        };
        let mut paths = Vec::new();
        let mut searches = Vec::new();
        let mut requests = Vec::new();
        let mut take = |m: Message| match m {
            Message::Watch(watch::Event::Paths(p)) => paths.extend(p),
            Message::Watch(watch::Event::Error(e)) => eprintln!("warning: file watcher: {e}"),
            Message::Search(job) => searches.push(job),
            Message::Render(request) => requests.push(request),
        };
        take(first);
        // Whatever arrived meanwhile joins this rebuild.
        while let Ok(m) = rx.try_recv() {
            take(m);
        }
        if !requests.is_empty() {
            let wanted: Vec<String> = requests.iter().map(|r| r.path.clone()).collect();
            let report = guarded(&mut engine, |e| e.render_now(&wanted));
            publish(&report, &changes);
            // Dropping the requests answers them.
            drop(requests);
        }
        for job in searches {
            if let Some(report) = engine.finish_search(job) {
                eprintln!("{}", report.summary);
                let _ = changes.send(Arc::new(report.change));
            }
        }
        let plan = plan::plan(&engine.root, engine.site.as_ref(), &paths);
        if plan.is_empty() {
            start_search(&mut engine);
            continue;
        }
        let report = guarded(&mut engine, |e| e.apply(&plan));
        print_report(&report, false);
        let _ = changes.send(Arc::new(report.change));
        start_search(&mut engine);
    }
}

/// Runs one step of the engine; a panic in it must not take the server
/// down, so it ends in a full build instead.
fn guarded(engine: &mut Engine, step: impl FnOnce(&mut Engine) -> Report) -> Report {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| step(engine))) {
        Ok(report) => report,
        Err(_) => {
            eprintln!("error: internal error while rebuilding; doing a full build");
            engine.site = None;
            engine.full_build()
        }
    }
}

/// Tells the terminal and open pages about a step of background or
/// on-demand rendering.
fn publish(report: &Report, changes: &broadcast::Sender<Arc<Change>>) {
    if !report.summary.is_empty() || !report.new_diagnostics.is_empty() {
        print_report(report, false);
    }
    if report.change.generation > 0 {
        let _ = changes.send(Arc::new(report.change.clone()));
    }
}

fn print_report(report: &Report, initial: bool) {
    diagnostics::print(&report.new_diagnostics, false);
    if !initial && report.fixed > 0 {
        eprintln!("fixed {} problem(s)", report.fixed);
    }
    eprintln!("{}", report.summary);
}

fn open_browser(url: &str) {
    let result = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        eprintln!("warning: cannot open a browser: {e}");
    }
}
