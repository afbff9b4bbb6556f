import type { CoreRequest } from "../http/core-types.js";

export interface TestRequest {
  /** Default "GET". */
  readonly method?: string;
  /** The path as a handler sees it (not percent-encoded), e.g. "/snowman/☃". */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A plain object or array is sent as JSON, a string as text/plain, URLSearchParams as a
   * urlencoded form, a Buffer as it is. A content-type header of your own wins.
   */
  readonly body?: unknown;
  /** Sent as HTTP basic auth. */
  readonly credentials?: readonly [user: string, password: string];
}

/** The request as the gateway's HTTP core receives it from the wire. */
export function encodeTestRequest({ method = "GET", path, query, headers = {}, body, credentials }: TestRequest): CoreRequest {
  if (typeof path !== "string" || !path.startsWith("/")) throw new TypeError(`path must start with "/", got ${JSON.stringify(path)}`);
  const [bytes, contentType] = encodeBody(body);
  const search = query ? new URLSearchParams(Object.entries(query)).toString() : "";
  const given = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    method: method.toUpperCase(),
    url: encodeURI(path) + (search ? `?${search}` : ""),
    headers: {
      ...(contentType ? { "content-type": contentType } : {}),
      ...(credentials ? { authorization: `Basic ${Buffer.from(`${credentials[0]}:${credentials[1]}`).toString("base64")}` } : {}),
      ...(bytes.length ? { "content-length": String(bytes.length) } : {}),
      ...given,
    },
    body: bytes,
  };
}

function encodeBody(body: unknown): [Buffer, string | undefined] {
  if (body === undefined) return [Buffer.alloc(0), undefined];
  if (Buffer.isBuffer(body)) return [body, undefined];
  if (typeof body === "string") return [Buffer.from(body, "utf8"), "text/plain; charset=utf-8"];
  if (body instanceof URLSearchParams) return [Buffer.from(body.toString(), "utf8"), "application/x-www-form-urlencoded"];
  return [Buffer.from(JSON.stringify(body), "utf8"), "application/json"];
}
