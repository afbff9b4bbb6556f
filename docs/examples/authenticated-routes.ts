import { authenticated, HttpError, route } from "@helga/gateway";

// Wrap the handler…
export const announce = route(
  "/announce/(?P<channel>[\\w\\-_]+)",
  { methods: ["POST"] },
  authenticated(async (request, client, { channel }) => {
    const { message } = (request.body ?? {}) as { message?: string };
    if (!message) throw new HttpError(400, "Param message is required");
    await client.msg(`#${channel}`, message);
    return `Sent for ${request.user}`;
  }),
);

// …or the whole route: both orders work.
export const whoami = authenticated(route("/whoami$", (request) => ({ user: request.user })));
