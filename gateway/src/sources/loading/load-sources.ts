import type { Logger, RawSettings } from "@helga/shared";
import { dirname } from "node:path";
import type { WebhookRoutes } from "../../routing/route-table.js";
import type { LoadResult, LoadWebhooks } from "../../loading/load-webhooks.js";
import type { CiStates } from "../core/only-changes.js";
import { readSourcesFile } from "./read-sources-file.js";
import { sourceRoute } from "../core/source-route.js";
import { SOURCE_TYPES } from "../source-types.js";

export interface SourceLoaderOptions {
  /** sources.yml: SOURCES_FILE, else sources.yml in WEBHOOKS_PATH. */
  readonly file: string;
  /** `${VAR}` reads these (the environment and HELGA_SETTINGS). */
  readonly settings: RawSettings;
  readonly logger: Logger;
  readonly ciStates: CiStates;
}

/**
 * Makes the sources' loader: each call reads sources.yml afresh (start and `!webhooks reload`)
 * and turns every valid entry into a route named after it. A bad entry is skipped with one
 * warning that names the file, the entry and the key; the others serve.
 */
export function createSourceLoader({ file, settings, logger, ciStates }: SourceLoaderOptions): LoadWebhooks {
  return async () => {
    const { entries, problems } = readSourcesFile(file, settings);
    const failed: string[] = [];
    const skip = (name: string, message: string) => {
      failed.push(name);
      logger.warn({ source: name, file }, `Skipped source "${name}": ${message}`);
    };
    for (const { name, reason } of problems) skip(name, reason);
    const webhooks: WebhookRoutes[] = [];
    for (const entry of entries) {
      const route = sourceRoute(entry, SOURCE_TYPES[entry.type], { logger, ciStates });
      webhooks.push({ webhook: { name: entry.name, packageDir: dirname(file), moduleDir: dirname(file) }, routes: [route] });
      logger.info({ source: entry.name, type: entry.type, path: entry.path, channels: entry.channels }, `Loaded source "${entry.name}" (${entry.type}) on POST ${entry.path}`);
    }
    return { webhooks, failed };
  };
}

/**
 * Webhook packages and sources as one loader, for one route table. A source named like a
 * package is skipped (names key metrics and logs, so they must stay unique).
 */
export function withSources(loadWebhooks: LoadWebhooks, loadSources: LoadWebhooks, logger: Logger): LoadWebhooks {
  return async (): Promise<LoadResult> => {
    const [packages, sources] = await Promise.all([loadWebhooks(), loadSources()]);
    const taken = new Set(packages.webhooks.map(({ webhook }) => webhook.name));
    const clashing = sources.webhooks.filter(({ webhook }) => taken.has(webhook.name)).map(({ webhook }) => webhook.name);
    for (const name of clashing) logger.warn({ source: name }, `Skipped source "${name}": a webhook package has that name; rename the entry`);
    return {
      webhooks: [...packages.webhooks, ...sources.webhooks.filter(({ webhook }) => !taken.has(webhook.name))],
      failed: [...packages.failed, ...sources.failed, ...clashing],
    };
  };
}
