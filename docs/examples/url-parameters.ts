import { route } from "@helga/gateway";

// helga's logger pattern, pasted unchanged: /logger/bots/2024-05-01.txt
export const logs = route(
  "/logger/(?P<channel>[\\w\\-_]+)/(?P<date>[\\w\\-]+)(?P<as_text>\\.txt)?/?$",
  (request, client, { channel, date, as_text }) => {
    const format = as_text ? "text" : "html";
    return `Logs of #${channel} on ${date} as ${format}`;
  },
);
