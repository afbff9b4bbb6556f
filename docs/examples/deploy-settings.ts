import { route, settings } from "@helga/gateway";

// Without DEPLOY_CHANNEL the gateway skips this package and logs why.
export const requires = ["DEPLOY_CHANNEL"];

export default route("/deployed/(?P<app>[\\w-]+)$", { methods: ["POST"] }, async (request, client, { app }) => {
  const channel = settings.required("DEPLOY_CHANNEL");
  const environments = settings.list("DEPLOY_ENVIRONMENTS", ["production"]);
  const loud = settings.bool("DEPLOY_LOUD", false);
  const line = `${app} deployed to ${environments.join(", ")}`;
  await (loud ? client.msg(channel, line.toUpperCase()) : client.notice(channel, line));
  return "OK";
});
