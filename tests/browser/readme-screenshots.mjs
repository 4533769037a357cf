// The screenshots in the README's theme section (docs/screenshots/), made
// from the bundled sample site and the DocFX-2020-style fixture, both our
// own text, at a phone's and a laptop's width, in light and dark:
//
//     HELPSITE_BIN=target/release/helpsite node tests/browser/readme-screenshots.mjs
//
// Needs what the browser tests need. Not part of the test run.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, copySampleSite, launch, serve } from "./helpers.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const outDir = path.join(REPO, "docs", "screenshots");
fs.mkdirSync(outDir, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "helpsite-readme-shots-"));
const sample = path.join(tmp, "sample");
build(copySampleSite(), sample);
const fixture = path.join(tmp, "docfx2020");
build(path.join(REPO, "tests", "fixtures", "docfx2020"), fixture);

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };
// name → [site, address, size, scheme, what to do before the picture]
const SHOTS = [
  ["article-phone-light", sample, "nl/your-device-is-missing-a-required-certificate-android.html", PHONE, "light", "status"],
  ["article-phone-dark", sample, "nl/your-device-is-missing-a-required-certificate-android.html", PHONE, "dark", "status"],
  ["home-end-laptop-light", sample, "nl/index.html", LAPTOP, "light", "end"],
  ["home-end-laptop-dark", sample, "nl/index.html", LAPTOP, "dark", "end"],
  ["video-phone-light", fixture, "nl/intune/overzicht.html", PHONE, "light", "video"],
  ["video-laptop-dark", fixture, "nl/intune/overzicht.html", LAPTOP, "dark", "video"],
  ["print-laptop-light", sample, "nl/print.html", LAPTOP, "light", ""],
  ["print-phone-dark", sample, "nl/print.html", PHONE, "dark", ""],
  ["offline-bar-phone-dark", sample, "nl/connect-to-company-wifi.html", PHONE, "dark", "offline"],
  ["offline-bar-laptop-light", sample, "nl/connect-to-company-wifi.html", LAPTOP, "light", "offline"],
];

const servers = new Map();
for (const site of [sample, fixture]) servers.set(site, await serve(site, "/help/"));
for (const scheme of ["light", "dark"]) {
  const browser = await launch({ colorScheme: scheme });
  for (const [name, site, address, size, s, step] of SHOTS) {
    if (s !== scheme) continue;
    const page = await browser.context.newPage();
    await page.setViewportSize(size);
    await page.goto(servers.get(site).base + address);
    if (step === "status") await page.locator(".offline-status, [data-offline-status]").first().waitFor({ state: "visible", timeout: 15000 }).catch(() => {});
    await page.waitForTimeout(1500);
    if (step === "end") await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    if (step === "video") await page.evaluate(() => document.querySelector(".embeddedvideo")?.scrollIntoView({ block: "center" }));
    if (step === "offline") {
      await browser.context.setOffline(true);
      await page.evaluate(() => window.dispatchEvent(new Event("offline")));
      await page.waitForTimeout(1500);
    }
    await page.screenshot({ path: path.join(outDir, `${name}.png`) });
    if (step === "offline") await browser.context.setOffline(false);
    await page.close();
  }
  await browser.close();
}
for (const server of servers.values()) await server.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${SHOTS.length} screenshots in ${outDir}`);
