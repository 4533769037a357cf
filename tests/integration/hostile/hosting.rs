//! Hostile requests to the guide's nginx and Apache blocks (docs/hosting.md): a copy of
//! the output with what a careless deployment leaves in it (a dotfile, a
//! `.git` folder, symbolic links out of the output) and a secret beside the
//! output that no address may reach (`..`, `%2e%2e`, `/help../`), plus a
//! URL far longer than any page's. nginx writes nothing outside its folder.

use crate::hosting::apache::{apache_or_skip, Apache};
use crate::hosting::{build_sample, http, nginx_or_skip, nginx_tmp, Nginx};

use std::path::Path;

const SECRET: &str = "helpsite-hosting-secret-7f3a";

/// The sample's output under `tmp/www/help`, with what must never be served
/// planted in and beside it.
fn plant(tmp: &Path) -> std::path::PathBuf {
    let www = tmp.join("www");
    let out = www.join("help");
    build_sample(&out);
    let write = |rel: &str| {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, SECRET).unwrap();
    };
    write(".env");
    write(".git/config");
    write(".git/index.html");
    write("nl/.draft.html");
    write("nl/.hidden/page.html");
    // Beside the output: what an alias without its slash would expose.
    std::fs::write(www.join("secret.txt"), SECRET).unwrap();
    let outside = tmp.join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.html"), SECRET).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", out.join("passwd.html")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.html"), out.join("nl/linked.html")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("en/linked-folder")).unwrap();

    out
}

/// Every hostile request to the server on `port`: not one answers with a
/// planted secret, and the server keeps serving.
fn assert_serves_nothing_else(port: u16) {
    let leaks = |target: &str| {
        let r = http(port, target, "");
        let text = r.text();
        assert!(
            !text.contains(SECRET) && !text.contains("root:x:0:0"),
            "{target} answered {} with what it must not:\n{text}",
            r.status
        );
        r
    };

    for dotfile in [
        "/help/.env",
        "/help/.git/config",
        "/help/.git/",
        "/help/.git/index.html",
        "/help/nl/.draft.html",
        "/help/nl/.hidden/page.html",
        "/help/.git",
    ] {
        let r = leaks(dotfile);
        assert_eq!(r.status, 404, "{dotfile}");
    }
    for link in [
        "/help/passwd.html",
        "/help/nl/linked.html",
        "/help/en/linked-folder/secret.html",
        "/help/en/linked-folder/",
    ] {
        let r = leaks(link);
        // 403 for a link to a file; a linked folder on the way is "not found".
        assert!(matches!(r.status, 403 | 404), "{link}: {}", r.status);
    }
    for climb in [
        "/help/../secret.txt",
        "/help/nl/../../secret.txt",
        "/help/%2e%2e/secret.txt",
        "/help/nl/%2E%2E/%2e%2e/secret.txt",
        "/help/..%2fsecret.txt",
        "/help/..%5csecret.txt",
        "/help../secret.txt",
        "/help/%2e%2e%2fsecret.txt",
        "/help/../../../../etc/passwd",
        "/help/.%2e/secret.txt",
        "/help/nl/index.html%00.txt",
    ] {
        let r = leaks(climb);
        // Apache refuses a path that climbs out of its root with 403.
        assert!(matches!(r.status, 400 | 403 | 404), "{climb}: {}", r.status);
    }

    // Far longer than a server's request line buffers: refused, and the server
    // keeps serving.
    let long = format!("/help/{}.html", "a".repeat(64 * 1024));
    let r = leaks(&long);
    assert!(matches!(r.status, 400 | 414), "{}", r.status);
    // A name longer than the file system allows: refused, never a server error.
    let long_name = format!("/help/nl/{}.html", "%C3%A9".repeat(1000));
    let status = leaks(&long_name).status;
    assert!(matches!(status, 403 | 404 | 414), "{status}");
    assert_eq!(http(port, "/help/nl/index.html", "").status, 200);
}

#[test]
fn the_guide_s_nginx_serves_nothing_but_the_output() {
    let Some(binary) = nginx_or_skip() else {
        return;
    };
    let tmp = nginx_tmp();
    let out = plant(tmp.path());
    let nginx = Nginx::start(&binary, tmp.path(), &out);
    assert_serves_nothing_else(nginx.port);
    nginx.assert_wrote_only_under_tmp();
}

#[test]
fn the_guide_s_apache_serves_nothing_but_the_output() {
    if apache_or_skip().is_none() {
        return;
    }
    let tmp = nginx_tmp();
    let out = plant(tmp.path());
    let apache = Apache::start(tmp.path(), &out);
    assert_serves_nothing_else(apache.port);
}
