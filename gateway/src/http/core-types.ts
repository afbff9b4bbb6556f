/** The small, framework-free request and response shapes the HTTP core works on. */

export interface CoreRequest {
  readonly method: string;
  /** The request target as received: path and query string. */
  readonly url: string;
  /** Header names in lower case, as node gives them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes, already read within the body limit. */
  readonly body: Buffer;
}

export interface CoreResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}
