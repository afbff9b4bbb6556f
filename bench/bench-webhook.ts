/** The route under test, written as a user would: POST /say/<channel> {"text"} → client.msg. */
export const BENCH_WEBHOOK = String.raw`
import { route, type WebhookRequest } from "@helga/gateway";

function textOf(request: WebhookRequest): string {
  const body = request.body as { text?: unknown } | undefined;
  return String(body?.text ?? "");
}

export const say = route("/say/(?P<channel>[\\w-]+)$", { methods: ["POST"] }, async (request, client, { channel }) => {
  await client.msg("#" + channel, textOf(request));
  return "Message Sent";
});
`;
