import { isChannel, isNetworkName, NETWORK_NAME_RULE } from "@helga/shared";
import { z } from "zod";
import { SOURCE_TYPE_NAMES } from "../core/source-type.js";

const names = (what: string, example: string) =>
  z.preprocess((value) => (typeof value === "string" ? [value] : value), z.array(z.string().min(1), { error: `must be ${what} or a list of them, e.g. ${example}` }).min(1, { error: `must name at least one ${what}` }));

const channel = z.string().refine(isChannel, { error: 'must be channels like "#ops" (quote them in YAML: "#ops"), one or a list' });

/**
 * One entry of sources.yml. Error messages say what a valid value looks like; they never
 * repeat a value, so a secret cannot reach the log through them.
 */
export const sourceEntrySchema = z.strictObject(
  {
    name: z.string({ error: 'is required: a unique name such as "gitlab-main" (letters, digits, ".", "_", "-")' }).regex(/^[\w.-]{1,64}$/, { error: 'must be a name such as "gitlab-main" (letters, digits, ".", "_", "-"; at most 64)' }),
    type: z.enum(SOURCE_TYPE_NAMES, { error: `must be one of ${SOURCE_TYPE_NAMES.join(", ")}` }),
    path: z.string({ error: 'is required: the URL path the sender posts to, e.g. "/hooks/gitlab"' }).regex(/^\/[\w.~!$&'()*+,;=:@%/-]*$/, { error: 'must be a URL path such as "/hooks/gitlab" (it starts with "/")' }),
    secret: z.preprocess(
      (value) => (typeof value === "string" ? [value] : value),
      z.array(z.string().min(1, { error: "must not be empty" }), { error: 'is required: the secret the sender signs or authenticates with; write "${MY_SECRET}" to read it from the environment' }).min(1, { error: "needs at least one secret" }),
    ),
    channels: z.preprocess((value) => (typeof value === "string" ? [value] : value), z.array(channel, { error: 'must be channels like "#ops" (quote them in YAML: "#ops"), one or a list' }).min(1, { error: 'must name at least one channel, e.g. "#ops"' })),
    events: names("event name", '"push" or "pull_request.labeled" or "defaults"').optional(),
    branches: names("branch glob", '"main" or "release/*"').optional(),
    repositories: z
      .union([names("repository glob", '"octo-org/*"'), z.record(z.string().min(1), z.preprocess((value) => (typeof value === "string" ? [value] : value), z.array(channel).min(1)))], {
        error: 'must be repository globs ("octo-org/*"), or a map from repository glob to channels ({"octo-org/api-*": "#api"})',
      })
      .optional(),
    labels: z
      .strictObject(
        { include: names("label glob", '"bug"').optional(), exclude: names("label glob", '"wip*"').optional() },
        { error: 'must be a map with include: and/or exclude: lists of label globs, e.g. {include: ["bug"], exclude: ["wip"]}' },
      )
      .optional(),
    only_changes: z.boolean({ error: "must be true or false" }).optional(),
    template: z.union([z.string().min(1), z.record(z.string().min(1), z.string().min(1))], { error: 'must be a mustache template, or a map from event ("push", "pull_request.opened") to template' }).optional(),
    max_lines: z.number({ error: "must be a whole number of IRC lines from 1 to 50" }).int({ error: "must be a whole number of IRC lines from 1 to 50" }).min(1, { error: "must be at least 1" }).max(50, { error: "must be at most 50" }).optional(),
    network: z.string().refine(isNetworkName, { error: `must be an IRC network name such as "libera" (${NETWORK_NAME_RULE})` }).optional(),
  },
  { error: "must be a map of keys: name, type, path, secret, channels and optional events, branches, repositories, labels, only_changes, template, max_lines, network" },
);

export type SourceEntry = z.infer<typeof sourceEntrySchema>;
export const SOURCE_ENTRY_KEYS = Object.keys(sourceEntrySchema.shape);
