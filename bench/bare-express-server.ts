/**
 * The baseline: a bare express 5 app answering the same request as the gateway's bench
 * route (POST JSON, parse it, answer text), without routing through webhooks or Redis.
 * Run as its own process, like the gateway, so both get the same share of the machine.
 */
import express from "express";

const port = Number(process.argv[2]);
const app = express();
app.post("/say/:channel", express.json(), (request, response) => {
  response.type("text/plain").send(typeof request.body?.text === "string" ? "Message Sent" : "no text");
});
app.listen(port, "127.0.0.1", () => process.stdout.write(`bare express listening on ${port}\n`));
