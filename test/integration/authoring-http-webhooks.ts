/**
 * The webhooks of authoring-http.test.ts, written as users would write them: patterns,
 * methods and order, exports, non-200 answers, the request object, templates and UTF-8.
 */

/** Sorted before "b-second": its routes are tried first. */
const A_FIRST = String.raw`
import { route } from "@helga/gateway";

export const shared = route("/shared$", () => "a-first");
export const onlyPost = route("/same$", { methods: ["POST"] }, () => "POST by a-first");
`;

const B_SECOND = String.raw`
import { route } from "@helga/gateway";

export default [
  route("/shared$", () => "b-second"),
  route("/same$", { methods: ["PUT", "POST"] }, (request) => request.method + " by b-second"),
];
`;

/** Default, named and array exports; string and RegExp patterns. */
const EXPORTS = String.raw`
import { route } from "@helga/gateway";

export default route("/exports/default$", () => "default");
export const named = route("/exports/named$", { methods: ["GET", "DELETE"] }, (request) => "named " + request.method);
export const many = [route("/exports/array/1$", () => "array 1"), route("/exports/array/2$", () => "array 2")];
export const regex = route(/\/exports\/regex\/(?<id>\d+)$/i, (_request, _client, { id }) => "regex " + id);
export const prefix = route("/exports/prefix", (request) => "prefix " + request.path);
export const notARoute = "ignored";
`;

const RESPONSES = String.raw`
import { HttpError, route } from "@helga/gateway";

export default [
  route("/created$", { methods: ["POST"] }, (request) => {
    request.setResponseCode(201);
    return "made";
  }),
  route("/teapot$", () => {
    throw new HttpError(418);
  }),
  route("/gone$", () => {
    throw new HttpError(410, "Gone for good ☃");
  }),
  route("/boom$", () => {
    throw new Error("kaboom: internal detail");
  }),
  route("/hang$", () => new Promise(() => undefined)),
];
`;

const ECHO = String.raw`
import { route } from "@helga/gateway";

export default route("/echo$", { methods: ["POST"] }, (request) => ({
  method: request.method,
  path: request.path,
  query: request.query,
  contentType: request.headers["content-type"],
  body: request.body,
  bodyIsString: typeof request.body === "string",
  raw: request.rawBody.toString("base64"),
}));
`;

/** A folder package: its templates live beside its module, in src/templates. */
const PAGES_PACKAGE = JSON.stringify({ name: "pages", type: "module", helga: { webhooks: { pages: "./src/pages.ts" } } });
const PAGES = String.raw`
import { render, route } from "@helga/gateway";

export default [
  route("/page/(?P<name>[^/]+)$", (_request, _client, { name }) => render("templates/page", { name, items: ["one", "two ☃"] })),
  route("/escape$", () => render("../../outside")),
];
`;

const snow = (channel: string) => String.raw`
import { route } from "@helga/gateway";

export default route("/☃/(?P<word>[^/]+)$", { methods: ["POST"] }, async (request, client, { word }) => {
  await client.msg("${channel}", "☃ " + word + ": " + String(request.body));
  return "Sent ☃ " + word;
});
`;

/** WEBHOOKS_CREDENTIALS is not set in this stack. */
const GUARDED = `import { authenticated, route } from "@helga/gateway";
export default authenticated(route("/guarded$", () => "must not serve"));
`;

/** WEBHOOKS_PATH's files: name → content; snow.ts sends to `channel`. */
export function authoringWebhooks(channel: string): Record<string, string> {
  return {
    "a-first.ts": A_FIRST,
    "b-second.ts": B_SECOND,
    "exports.ts": EXPORTS,
    "responses.ts": RESPONSES,
    "echo.mjs": ECHO,
    "pages/package.json": PAGES_PACKAGE,
    "pages/src/pages.ts": PAGES,
    "pages/src/templates/page.mustache": "{{> header}}<p>Hello, {{name}}</p><ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>",
    "pages/src/templates/header.mustache": "<h1>Pages ☃</h1>",
    "outside.mustache": "outside the package",
    "snow.ts": snow(channel),
    "guarded.ts": GUARDED,
  };
}
