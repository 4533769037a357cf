#!/usr/bin/env bash
# Installs what the browser tests need: Debian's Chromium and ChromeDriver,
# Node.js, and the tests' npm packages (playwright-core, which drives the
# system Chromium and downloads no browser of its own, and axe-core), and
# nginx and Apache, which tests/integration/hosting.rs runs with
# docs/hosting.md's configuration (Debian's `nginx`; since bookworm
# `nginx-light` is that package plus one module). Idempotent: does
# nothing that is already done, so it is cheap to call on every CI run.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ -x /usr/sbin/nginx ] || need+=(nginx)
[ -x /usr/sbin/apache2 ] || need+=(apache2)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-browser: apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Installed again whenever the lock file differs from the one installed.
stamp=tests/browser/node_modules/.helpsite-installed-lock
if ! cmp -s tests/browser/package-lock.json "$stamp"; then
  echo "install-browser: npm ci in tests/browser"
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp tests/browser/package-lock.json "$stamp"
fi
# The SARIF Multitool (the SARIF tests' validator) ships its Linux binary
# without the execute bit and sets it in an install script npm may skip.
chmod u+x tests/browser/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "install-browser: node $(node --version 2>/dev/null) is older than 20; the browser tests need Node 20 or newer" >&2
fi
chromium --version 2>/dev/null || true
