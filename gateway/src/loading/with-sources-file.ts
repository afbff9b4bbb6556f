import { existsSync } from "node:fs";
import type { Logger, RawSettings, Redis, RedisKeys } from "@helga/shared";
import type { LoadWebhooks } from "./load-webhooks.js";

export interface SourcesFileOptions {
  /** sources.yml: SOURCES_FILE, else sources.yml in WEBHOOKS_PATH. */
  readonly file: string;
  readonly settings: RawSettings;
  readonly logger: Logger;
  /** only_changes keeps its CI states here. */
  readonly redis: Redis;
  readonly keys: RedisKeys;
}

/**
 * The webhook packages plus the sources of sources.yml, the sources' code (parsers,
 * normalisers, YAML) imported only once the file exists: checked at every load, so a file
 * added later is picked up by `!webhooks reload`. Without it the gateway carries none of it.
 */
export function withSourcesFile(loadWebhooks: LoadWebhooks, { file, settings, logger, redis, keys }: SourcesFileOptions): LoadWebhooks {
  let combined: LoadWebhooks | undefined;
  return async () => {
    if (combined === undefined && !existsSync(file)) return loadWebhooks();
    if (combined === undefined) {
      const [{ createSourceLoader, withSources }, { redisCiStates }] = await Promise.all([import("../sources/loading/load-sources.js"), import("../sources/core/only-changes.js")]);
      combined = withSources(loadWebhooks, createSourceLoader({ file, settings, logger, ciStates: redisCiStates(redis, keys) }), logger);
    }
    return combined();
  };
}
