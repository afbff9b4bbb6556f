import { HttpError } from "../../api/http-error.js";
import { route } from "../../api/route.js";
import type { Route } from "../../api/types.js";
import { constantTimeEqual } from "../../signing/constant-time-equal.js";
import { MAX_MESSAGE_BYTES } from "../framer.js";
import { InputRefusal } from "../input-refusal.js";
import { parseIrccatLine, type IrccatLine } from "./parse-irccat-line.js";
import { sendIrccatLine } from "./send-irccat-line.js";

/**
 * irccat's HTTP endpoint: `POST /send` with lines in the TCP format in the body, any content
 * type (`curl -d @-` sends a form). The bearer token is IRCCAT_SECRET, as irccat's
 * `generic.secret`. Every line is checked before any is sent, so a bad line sends nothing.
 */
export function irccatSendRoute(secret: string, defaultChannel: string | undefined): Route {
  return route("/send/?$", { methods: ["POST"] }, async (request, client) => {
    const [scheme, token] = (request.headers["authorization"] ?? "").split(" ", 2);
    if (scheme?.toLowerCase() !== "bearer" || !constantTimeEqual(token ?? "", secret)) {
      throw new HttpError(401, "Authorization: Bearer <IRCCAT_SECRET> required", { "www-authenticate": 'Bearer realm="irccat"' });
    }
    const lines = request.rawBody
      .toString("utf8")
      .split("\n")
      .map((line) => line.replace(/\r$/, ""))
      .filter((line) => line.trim() !== "");
    if (lines.length === 0) throw new HttpError(400, "The body holds no line to send");
    const parsed: IrccatLine[] = lines.map((line, index) => {
      if (Buffer.byteLength(line) > MAX_MESSAGE_BYTES) throw new HttpError(413, `Line ${index + 1} is longer than ${MAX_MESSAGE_BYTES} bytes; nothing was sent`);
      try {
        return parseIrccatLine(line);
      } catch (error) {
        if (error instanceof InputRefusal) throw new HttpError(400, `Line ${index + 1}: ${error.message}; nothing was sent`);
        throw error;
      }
    });
    for (const line of parsed) {
      try {
        await sendIrccatLine(line, defaultChannel)(client);
      } catch (error) {
        if (error instanceof InputRefusal) throw new HttpError(400, error.message);
        throw error;
      }
    }
    return "OK";
  });
}
