import { HttpError, route } from "@helga/gateway";

/**
 * Says the request body in #<channel>: the quick start's webhook.
 *
 *   curl -d 'message=Hello from curl' http://localhost:8080/hello/bots
 *
 * The text is a form or JSON `message` field, or else the whole body as text
 * (`curl -H 'Content-Type: text/plain' --data-binary @notes.txt …`).
 */
export default route("/hello/(?P<channel>[\\w-]+)$", { methods: ["POST"] }, async (request, client, { channel }) => {
  const text = messageField(request.body) ?? request.rawBody.toString("utf8").trim();
  if (text === "") throw new HttpError(400, "Send the message as the body, or as a form or JSON field named message");
  await client.msg(`#${channel}`, text);
  return "Message Sent";
});

function messageField(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("message" in body)) return undefined;
  const { message } = body;
  return typeof message === "string" && message.trim() !== "" ? message.trim() : undefined;
}
