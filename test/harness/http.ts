/** POSTs `body` (object → JSON, string → text) and returns status and text. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const isText = typeof body === "string";
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": isText ? "text/plain; charset=utf-8" : "application/json", ...headers },
    body: isText ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** True when nothing listens at `url` (connection refused), false when it answers at all. */
export async function isRefused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return false;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code === "ECONNREFUSED";
  }
}
