//! The guide's Apache block, run like its nginx block: Debian's apache2 in
//! the foreground, as the test user, with a configuration of the test's own
//! that loads the modules Debian enables by default (and mod_headers, which
//! the guide says to enable), everything it writes under the test's folder.

use super::{
    assert_serves_the_output, build_sample, guide_block, http, nginx_tmp, Reply, GUIDE_OUTPUT, WAIT,
};
use crate::support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const APACHE: &str = "/usr/sbin/apache2";
const MODULES: &[&str] = &[
    "mpm_event",
    "authz_core",
    "alias",
    "dir",
    "mime",
    "headers",
    "filter",
    "deflate",
];

/// The apache2 binary, or None after the loud skip (a failure under CI).
pub(crate) fn apache_or_skip() -> Option<PathBuf> {
    let found = Path::new(APACHE).is_file();
    support::require_or_skip(
        "no apache2 at /usr/sbin/apache2",
        found,
        "run .ci/install-browser.sh as root (installs Debian's apache2), or apt-get install apache2",
    )
    .then(|| PathBuf::from(APACHE))
}

pub(crate) struct Apache {
    child: Child,
    pub port: u16,
}

impl Apache {
    pub fn start(tmp: &Path, site: &Path) -> Apache {
        let block = guide_block("apache");
        let output = GUIDE_OUTPUT.trim_end_matches('/');
        assert!(
            block.contains(output),
            "the Apache block publishes {output}"
        );
        let block = block.replace(output, &site.display().to_string());
        std::fs::create_dir_all(tmp.join("empty")).unwrap();
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            std::fs::write(tmp.join("httpd.conf"), wrapper(tmp, port, &block)).unwrap();
            let mut child = Command::new(APACHE)
                .args([
                    "-f",
                    &tmp.join("httpd.conf").display().to_string(),
                    "-D",
                    "FOREGROUND",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start apache2");
            if super::answers(&mut child, port) {
                return Apache { child, port };
            }
            let _ = child.kill();
            let o = child.wait_with_output().unwrap();
            last_error = String::from_utf8_lossy(&o.stderr).into_owned()
                + &std::fs::read_to_string(tmp.join("error.log")).unwrap_or_default();
            if !last_error.contains("Address already in use") {
                break;
            }
        }
        panic!("apache2 did not start with the guide's block:\n{last_error}\n{block}");
    }

    pub fn get(&self, target: &str) -> Reply {
        http(self.port, target, "")
    }
}

impl Drop for Apache {
    fn drop(&mut self) {
        // SIGTERM: the parent stops its children before it exits.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wrapper(tmp: &Path, port: u16, block: &str) -> String {
    let t = tmp.display();
    let modules: String = MODULES
        .iter()
        .map(|m| format!("LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so\n"))
        .collect();
    // Run as root (CI), Apache hands the children to another user; Debian's is www-data.
    let user = if super::is_root() {
        "User www-data\nGroup www-data\n"
    } else {
        ""
    };
    format!(
        "ServerRoot {t}\nServerName localhost\nListen 127.0.0.1:{port}\n\
         PidFile {t}/httpd.pid\nErrorLog {t}/error.log\nDefaultRuntimeDir {t}\n{user}{modules}\
         TypesConfig /etc/mime.types\nDocumentRoot {t}/empty\n\
         <Directory />\nRequire all denied\nAllowOverride None\n</Directory>\n{block}"
    )
}

#[test]
fn apache_serves_the_output_under_help_as_the_guide_says() {
    if apache_or_skip().is_none() {
        return;
    }
    let tmp = nginx_tmp();
    let out = tmp.path().join("www/help");
    build_sample(&out);
    let before = super::system_server_files();
    let apache = Apache::start(tmp.path(), &out);
    assert_serves_the_output(apache.port, &out);
    // A folder without index.html: no listing.
    let r = apache.get("/help/en/media/");
    assert_ne!(r.status, 200);
    assert!(!r.text().contains(".png"), "{}", r.text());
    drop(apache);
    assert_eq!(
        super::system_server_files(),
        before,
        "Apache wrote outside the test's folder"
    );
    assert!(tmp.path().join("error.log").is_file());
}
