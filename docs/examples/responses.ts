import { HttpError, route } from "@helga/gateway";

const queue: string[] = [];

export const enqueue = route("/jobs$", { methods: ["POST"] }, (request) => {
  queue.push(String(request.body));
  request.setResponseCode(202); // helga's name for setting the status
  return "Queued";
});

export const job = route("/jobs/(?P<id>\\d+)$", (request, client, { id }) => {
  const found = queue[Number(id)];
  if (found === undefined) throw new HttpError(404, `No job ${id}`);
  return { id: Number(id), job: found }; // an object goes out as JSON
});

export const teapot = route("/coffee$", () => {
  throw new HttpError(418); // the body is the standard reason phrase: "I'm a Teapot"
});
