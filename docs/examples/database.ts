import { db, route } from "@helga/gateway";

// Each package's keys are namespaced: another package's "hits" is a different key.
export const hit = route("/hits$", { methods: ["POST"] }, async () => {
  const hits = await db.incr("hits");
  return { hits };
});

export const reset = route("/hits$", { methods: ["DELETE"] }, async () => {
  await db.del("hits");
  return "Reset";
});
