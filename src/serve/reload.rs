//! Live reload: the script `serve` adds to every HTML response (never to
//! `build` output) and the Server-Sent Events it listens to.
//!
//! Events: `errors` (JSON list for the overlay, sent on connect and whenever
//! the page's errors change), `reload` (this page's output changed) and
//! `css` (only stylesheets changed: swap them without a reload).

use serde_json::{json, Value};

use crate::diagnostics::Diagnostic;

/// Under the site's `base_path`, so a proxy that forwards only that prefix
/// still carries it.
pub const EVENTS_PATH: &str = "__helpsite/events";

const SCRIPT: &str = r#"<script data-helpsite-reload>
(function () {
  "use strict";
  var base = __BASE__, page = __PAGE__;
  if (!window.EventSource) return;
  var source = new EventSource(base + "__helpsite/events?page=" + encodeURIComponent(page));
  var overlay = null;
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function (e) {
    var stamp = String(Date.now());
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("helpsite-reload", stamp);
      links[i].href = url.href;
    }
  });
  source.addEventListener("errors", function (e) {
    var list = JSON.parse(e.data);
    if (overlay) { overlay.remove(); overlay = null; }
    if (!list.length) return;
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.id = "helpsite-error-overlay";
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#f4f4f4;font:14px/1.5 ui-monospace,Consolas,monospace;padding:2em;";
    var close = document.createElement("button");
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", "close");
    close.style.cssText = "float:right;font-size:20px;background:none;color:inherit;border:0;cursor:pointer;";
    close.onclick = function () { overlay.remove(); overlay = null; };
    overlay.appendChild(close);
    list.forEach(function (d) {
      var item = document.createElement("div");
      item.style.cssText = "margin:0 0 1.5em;";
      var head = document.createElement("div");
      var where = d.file + (d.line ? ":" + d.line + ":" + d.column : "");
      head.textContent = where + ": " + d.severity + "[" + d.code + "]: " + d.message;
      head.style.cssText = "color:#ff8a80;font-weight:bold;";
      item.appendChild(head);
      if (d.source_line != null) {
        var pre = document.createElement("pre");
        pre.style.cssText = "margin:.3em 0;white-space:pre-wrap;";
        var caret = d.column > 0 ? "\n" + " ".repeat(d.source_column) + "^" : "";
        pre.textContent = d.source_line + caret;
        item.appendChild(pre);
      }
      if (d.suggestion) {
        var hint = document.createElement("div");
        hint.textContent = "help: " + d.suggestion;
        item.appendChild(hint);
      }
      overlay.appendChild(item);
    });
    document.body.appendChild(overlay);
  });
})();
</script>
"#;

/// A JSON string literal that is also safe inside `<script>`.
fn js_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".into())
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

pub fn script(base_path: &str, page: &str) -> String {
    SCRIPT
        .replace("__BASE__", &js_string(base_path))
        .replace("__PAGE__", &js_string(page))
}

/// Adds the reload script before the last `</body>`, or at the end.
pub fn inject(html: &[u8], base_path: &str, page: &str) -> Vec<u8> {
    let script = script(base_path, page);
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The overlay's view of a diagnostic, source line included.
pub fn diagnostic_json(d: &Diagnostic) -> Value {
    json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "file": d.span.file,
        "line": d.span.line,
        "column": d.span.column,
        "message": d.message,
        "suggestion": d.suggestion,
        "source_line": d.span.source_line,
        "source_column": d.span.source_column,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></BODY></html>",
            "/help/",
            "en/a.html",
        ))
        .unwrap();
        let script_at = out.find("<script data-helpsite-reload>").unwrap();
        assert!(script_at > out.find("<p>x</p>").unwrap());
        assert!(script_at < out.find("</BODY>").unwrap());
        assert!(out.contains(r#"var base = "/help/", page = "en/a.html";"#));
    }

    /// Runs the real script in Node against a minimal stand-in DOM: the
    /// overlay shows `file:line:col`, message and source line, an empty list
    /// clears it, `css` re-fetches stylesheets, `reload` reloads.
    #[test]
    fn script_drives_overlay_css_swap_and_reload() {
        if std::process::Command::new("node")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("skipped: node is not installed");
            return;
        }
        let js = script("/help/", "en/a b.html")
            .replace("<script data-helpsite-reload>", "")
            .replace("</script>", "");
        let harness = r#"
const listeners = {}; let opened = null, reloads = 0;
class El {
  constructor(tag) { this.tag = tag; this.children = []; this.style = {}; this.attrs = {}; this.textContent = ""; this.parent = null; }
  appendChild(c) { c.parent = this; this.children.push(c); return c; }
  remove() { if (this.parent) { this.parent.children = this.parent.children.filter(x => x !== this); this.parent = null; } }
  setAttribute(k, v) { this.attrs[k] = v; }
  text() { return this.textContent + this.children.map(c => c.text()).join("\n"); }
}
const link = { href: "http://127.0.0.1:1/help/helpsite.css" };
global.window = { EventSource: true };
global.EventSource = class { constructor(url) { opened = url; } addEventListener(name, f) { listeners[name] = f; } };
global.document = { body: new El("body"), createElement: t => new El(t), querySelectorAll: () => [link] };
global.location = { reload: () => { reloads++; } };
__SCRIPT__
const out = {};
out.url = opened;
listeners.errors({ data: JSON.stringify([{ severity: "error", code: "broken-link", file: "content/en/a.md", line: 9, column: 5, message: "`x.md`: no page", suggestion: "y.md", source_line: "See [x](x.md).", source_column: 4 }]) });
out.overlay = document.body.children.length === 1 ? document.body.children[0].text() : null;
listeners.errors({ data: "[]" });
out.cleared = document.body.children.length === 0;
listeners.css({ data: '["helpsite.css"]' });
out.css = link.href;
listeners.reload({ data: "3" });
out.reloads = reloads;
console.log(JSON.stringify(out));
"#
        .replace("__SCRIPT__", &js);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("harness.js");
        std::fs::write(&file, harness).unwrap();
        let output = std::process::Command::new("node")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let out: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(out["url"], "/help/__helpsite/events?page=en%2Fa%20b.html");
        let overlay = out["overlay"].as_str().expect("an overlay");
        assert!(
            overlay.contains("content/en/a.md:9:5: error[broken-link]: `x.md`: no page"),
            "{overlay}"
        );
        assert!(overlay.contains("See [x](x.md).\n    ^"), "{overlay}");
        assert!(overlay.contains("help: y.md"), "{overlay}");
        assert_eq!(out["cleared"], true);
        assert!(out["css"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:1/help/helpsite.css?helpsite-reload="));
        assert_eq!(out["reloads"], 1);
    }

    #[test]
    fn page_names_cannot_close_the_script() {
        let out = script("/", "</script><script>alert(1)</script>");
        assert_eq!(out.matches("</script>").count(), 1, "{out}");
    }
}
