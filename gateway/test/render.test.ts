import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { html, isHtml } from "../src/api/html.js";
import { render } from "../src/api/render.js";
import { route } from "../src/api/route.js";
import { runInWebhook } from "../src/api/runtime-context.js";
import { callRoute } from "../src/testing/index.js";

const base = mkdtempSync(join(tmpdir(), "helga-render-"));
after(() => rmSync(base, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(base, "pkg-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const inPackage = <T>(packageDir: string, moduleDir: string, fn: () => T) => runInWebhook({ name: "t", packageDir, moduleDir }, fn);

test("html() marks text as a page; isHtml recognises it", () => {
  const page = html("<p>☃</p>");
  assert.equal(isHtml(page), true);
  assert.equal(String(page), "<p>☃</p>");
  assert.equal(isHtml("<p>☃</p>"), false);
  assert.equal(isHtml({ text: "x" }), false);
});

test("render: a template beside the module, .mustache optional, view escaped, partials beside the template", () => {
  const pkg = tree({
    "lib/templates/page.mustache": "{{> header}}<p>{{greeting}}, {{name}}</p>",
    "lib/templates/header.mustache": "<h1>{{title}}</h1>",
    "lib/plain.html": "<b>{{name}}</b>",
  });
  const moduleDir = join(pkg, "lib");
  const view = { greeting: "Hello", name: "<☃>", title: "Snow" };
  assert.equal(inPackage(pkg, moduleDir, () => render("templates/page", view)).text, "<h1>Snow</h1><p>Hello, &lt;☃&gt;</p>");
  assert.equal(inPackage(pkg, moduleDir, () => render("templates/page.mustache", view)).text, "<h1>Snow</h1><p>Hello, &lt;☃&gt;</p>");
  assert.equal(inPackage(pkg, moduleDir, () => render("plain.html", { name: "x" })).text, "<b>x</b>");
  assert.equal(inPackage(pkg, moduleDir, () => render("templates/page", view, { header: "[{{title}}]" })).text, "[Snow]<p>Hello, &lt;☃&gt;</p>");
});

test("render: never outside the package — ../ escapes, absolute paths, symlinks out, partials too", () => {
  const outside = tree({ "secret.mustache": "top secret" });
  const pkg = tree({ "t.mustache": "{{> ../../secret}}", "ok.mustache": "ok" });
  symlinkSync(join(outside, "secret.mustache"), join(pkg, "link.mustache"));
  symlinkSync(outside, join(pkg, "linkdir"));
  const attempts = ["../secret", `../${outside.split("/").pop()}/secret`, join(outside, "secret.mustache"), "link", "linkdir/secret", "t"];
  for (const name of attempts) {
    assert.throws(() => inPackage(pkg, pkg, () => render(name)), /outside the webhook package/, name);
  }
  assert.equal(inPackage(pkg, pkg, () => render("ok")).text, "ok");
  assert.throws(() => inPackage(pkg, pkg, () => render("missing")), /Template "missing" not found/);
  assert.throws(() => render("ok"), /only inside a route handler/);
});

test("render: an edited template is read again (cache keyed by path and mtime)", () => {
  const pkg = tree({ "t.mustache": "one {{x}}" });
  assert.equal(inPackage(pkg, pkg, () => render("t", { x: 1 })).text, "one 1");
  writeFileSync(join(pkg, "t.mustache"), "two {{x}}");
  const later = new Date(Date.now() + 5_000);
  utimesSync(join(pkg, "t.mustache"), later, later);
  assert.equal(inPackage(pkg, pkg, () => render("t", { x: 2 })).text, "two 2");
});

test("a rendered page is served as text/html; charset=utf-8", async () => {
  const pkg = tree({ "hello.mustache": "<h1>Hello {{name}} ☃</h1>" });
  const hello = route("/hello/(?P<name>\\w+)", (_request, _client, { name }) => render("hello", { name }));
  const response = await callRoute(hello, { path: "/hello/world", webhook: { packageDir: pkg, moduleDir: pkg } });
  assert.equal(response.status, 200);
  assert.equal(response.headers["content-type"], "text/html; charset=utf-8");
  assert.equal(response.text, "<h1>Hello world ☃</h1>");
});
