import path from "node:path";
import Mustache from "mustache";
import { html, type Html } from "./html.js";
import { currentWebhook } from "./runtime-context.js";
import { readTemplate, resolveTemplate } from "./template-file.js";

/**
 * Renders a mustache template that lives beside the webhook's own file (name as given or
 * with `.mustache` added) and returns it as an HTML page (`text/html; charset=utf-8`).
 * Partials (`{{> header}}`) are files beside the template, unless given in `partials`.
 * Templates never resolve outside the webhook's package. Works only inside a handler.
 *
 * @example
 * // templates/hello.mustache beside this file: <h1>Hello {{name}}</h1>
 * export default route("/hello/(?P<name>\\w+)", (request, client, { name }) => render("templates/hello", { name }));
 */
export function render(template: string, view: object = {}, partials: Readonly<Record<string, string>> = {}): Html {
  const { moduleDir, packageDir } = currentWebhook();
  const file = resolveTemplate(template, moduleDir, packageDir);
  const partialFile = (name: string): string | undefined =>
    Object.hasOwn(partials, name) ? partials[name] : readTemplate(resolveTemplate(name, path.dirname(file), packageDir));
  return html(Mustache.render(readTemplate(file), view, partialFile));
}
