/**
 * Compile-only checks of the authoring API's types: `npm run lint` (run before the tests)
 * type-checks this file, so each `@ts-expect-error` line must stay an error.
 */
import { authenticated, HttpError, route, type Route, type WebhookRequest } from "@helga/gateway";

// A handler may return text, JSON, bytes or nothing, sync or async.
export const returns: Route[] = [
  route("/text", () => "text"),
  route("/json", async () => ({ ok: true })),
  route("/bytes", () => Buffer.from("bytes")),
  route("/nothing", () => undefined),
];

// Named groups arrive as strings, or undefined when they took no part in the match.
export const optional = route("/e/(?P<x>\\w+)?", (_request, _client, params) => {
  const x: string | undefined = params.x;
  return x ?? "none";
});
export const notAlwaysThere = route("/f/(?P<x>\\w+)", (_request, _client, params) => {
  // @ts-expect-error a group may be undefined
  const x: string = params.x;
  return x;
});

// Client calls are promises; the bot's state is read-only.
export const speaks = route("/g", async (_request, client) => {
  await client.msg("#chan", "text");
  // @ts-expect-error msg needs a target and a text
  await client.msg("#chan");
  // @ts-expect-error the nick is the bot's to change
  client.nickname = "other";
  return client.nickname;
});

// methods is a list.
// @ts-expect-error a single string is not a list of methods
export const badMethods = route("/i", { methods: "POST" }, () => "x");

// authenticated wraps a route or a handler, in either order.
export const guardedRoute: Route = authenticated(route("/j", () => "x"));
export const guardedHandler: Route = route("/k", authenticated(() => "x"));

// HttpError takes a status.
// @ts-expect-error the status is required
export const noStatus = new HttpError();

// The request is read-only.
export const readOnly = route("/l", (request: WebhookRequest) => {
  // @ts-expect-error the method is read-only
  request.method = "POST";
  return request.id;
});

// client.network(name) is the same client for another IRC network.
export const otherNetwork = route("/m", async (_request, client) => {
  await client.network("oftc").msg("#chan", "text");
  const connected: boolean = client.network("oftc").connected;
  // @ts-expect-error the network is named by a string
  client.network();
  // @ts-expect-error network() is a method, not the network's name
  const name: string = client.network;
  return connected ? name : "down";
});
