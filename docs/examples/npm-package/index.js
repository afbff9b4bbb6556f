// Published packages ship JavaScript; write TypeScript and compile it, or write JavaScript.
import { route } from "@helga/gateway";

export default route("/status$", (request, client) => ({ nickname: client.nickname, connected: client.connected }));
