import { route } from "@helga/gateway";

// One deploy, announced on two networks: the default network's bot and the one started with NETWORK=oftc.
export default route("/released/(?P<version>[\\w.-]+)$", { methods: ["POST"] }, async (request, client, { version }) => {
  const line = `Released ${version}`;
  await client.msg("#dev", line);
  await client.network("oftc").msg("#project", line);
  return "OK";
});
