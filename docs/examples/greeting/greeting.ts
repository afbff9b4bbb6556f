import { render, route } from "@helga/gateway";

// templates/greeting.mustache, beside this file; its {{> footer}} is templates/footer.mustache.
export default route("/greet/(?P<name>[^/]+)$", (request, client, { name }) =>
  render("templates/greeting", { name, channels: client.channels }),
);
