import { Redis } from "ioredis";
import { authoringServices } from "./authoring-services.js";
import { currentWebhook } from "./runtime-context.js";

/**
 * The webhook package's own Redis connection (an ioredis client): every key it touches is
 * prefixed with the package's namespace, so packages cannot read each other's data.
 * Use it inside handlers; it connects on first use.
 *
 * @example
 * export default route("/hits", async () => `Hits: ${await db.incr("hits")}`);
 */
export const db: Redis = new Proxy(Object.create(Redis.prototype), {
  get(_target, property) {
    const { name } = currentWebhook();
    const connection = authoringServices().db(name);
    const value: unknown = Reflect.get(connection, property, connection);
    return typeof value === "function" ? value.bind(connection) : value;
  },
});
