import { route } from "@helga/gateway";

// UTF-8 everywhere: in the pattern, the path, the body and the message.
export default route("/☃/(?P<word>[^/]+)$", { methods: ["POST"] }, async (request, client, { word }) => {
  await client.msg("#bots", `☃ ${word}: ${String(request.body)}`);
  return `Sent ☃ ${word}`;
});
