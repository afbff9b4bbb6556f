/**
 * The path routes match against, and the decoding of what they capture.
 * helga (Twisted) and express match the path with an encoded slash still encoded, so that
 * `/tpl/(?P<name>[^/]+)$` takes `/tpl/feature%2Fx` as one segment; the captured value is
 * decoded afterwards (`feature/x`). `%25` stays encoded too, so decoding a capture once
 * cannot turn a literal "%2F" into a slash.
 */

/**
 * Percent-decodes a raw URL path (UTF-8) except `%2F` and `%25`, which stay (upper-cased).
 * @throws URIError when the path is not valid percent-encoded UTF-8.
 */
export function matchPath(rawPath: string): string {
  return rawPath
    .split(/(%2[fF5])/)
    .map((part, index) => (index % 2 === 1 ? part.toUpperCase() : decodeURIComponent(part)))
    .join("");
}

/** A value captured from a matchPath: its `%2F` and `%25` decoded. */
export function decodeCaptured(value: string): string {
  return value.replace(/%2F|%25/g, (escape) => (escape === "%2F" ? "/" : "%"));
}
