import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import type { Logger, RawSettings } from "@helga/shared";
import { missingSettings } from "../api/settings.js";
import type { WebhookRoutes } from "../routing/route-table.js";
import { collectRoutes } from "./collect-routes.js";
import { discoverWebhooks } from "./discover-webhooks.js";
import { registerLoaderHooks } from "./register-loader-hooks.js";
import { LOAD_PARAM } from "./resolve-hooks.js";

export interface LoaderOptions {
  /** Folders of webhook files and package folders, in order: built-in, then WEBHOOKS_PATH. */
  readonly roots: readonly string[];
  /** node_modules folders searched for installed webhook packages. */
  readonly nodeModulesDirs: readonly string[];
  /** ENABLED_WEBHOOKS: true for all, or the names to load. */
  readonly enabled: true | readonly string[];
  /** DISABLED_WEBHOOKS: names never loaded. */
  readonly disabled: readonly string[];
  /** The settings webhook code reads; a package whose `requires` names an unset one is skipped. */
  readonly settings: RawSettings;
  readonly logger: Logger;
}

export interface LoadResult {
  readonly webhooks: readonly WebhookRoutes[];
  /**
   * Names of the webhooks that were skipped because they failed to load. A package skipped
   * for an unset setting it requires is not among them: that is configuration, like
   * DISABLED_WEBHOOKS, and its warning names the setting.
   */
  readonly failed: readonly string[];
}

export type LoadWebhooks = () => Promise<LoadResult>;

/** Entry files tsx must compile. */
const TYPESCRIPT = /\.[mc]?ts$/;

/**
 * Makes `loadWebhooks()`. Every call imports fresh module instances (a reload sees edited
 * files). A webhook that cannot load is skipped with one warning naming it and why.
 */
export function createWebhookLoader({ roots, nodeModulesDirs, enabled, disabled, settings, logger }: LoaderOptions): LoadWebhooks {
  let generation = 0;
  return async () => {
    generation++;
    const { sources: found, problems } = discoverWebhooks(roots, nodeModulesDirs);
    const failed: string[] = [];
    const skip = (name: string, reason: string) => {
      failed.push(name);
      logger.warn({ webhook: name, reason }, `Skipped webhook package "${name}": ${reason}`);
    };
    for (const { name, reason } of problems) skip(name, reason);
    const sources = found.filter((source) => {
      const wanted = (enabled === true || enabled.includes(source.name)) && !disabled.includes(source.name);
      if (!wanted) logger.debug({ webhook: source.name }, "webhook disabled by settings");
      return wanted;
    });
    // Only what the enabled webhooks need: no hooks without webhooks, no TypeScript loader without a .ts one.
    if (sources.length > 0) await registerLoaderHooks({ typescript: sources.some((source) => TYPESCRIPT.test(source.entry)) });
    const webhooks: WebhookRoutes[] = [];
    for (const source of sources) {
      let namespace: Record<string, unknown>;
      try {
        const url = new URL(pathToFileURL(source.entry));
        url.searchParams.set(LOAD_PARAM, String(generation));
        namespace = (await import(url.href)) as Record<string, unknown>;
      } catch (error) {
        skip(source.name, `importing ${source.entry} failed: ${oneLine(error)}`);
        continue;
      }
      let missing: string[];
      try {
        missing = missingSettings(namespace, settings);
      } catch (error) {
        skip(source.name, `${source.entry}: ${oneLine(error)}`);
        continue;
      }
      if (missing.length > 0) {
        const which = missing.length === 1 ? `the setting ${missing[0]}, which is not set` : `the settings ${missing.join(", ")}, which are not set`;
        logger.warn({ webhook: source.name, missing }, `Skipped webhook package "${source.name}": it requires ${which}`);
        continue;
      }
      const routes = collectRoutes(namespace);
      if (routes.length === 0) {
        skip(source.name, `${source.entry} exports no route (export the objects route() returns)`);
        continue;
      }
      webhooks.push({ webhook: { name: source.name, packageDir: source.packageDir, moduleDir: dirname(source.entry) }, routes });
      logger.info({ webhook: source.name, routes: routes.length, file: source.entry }, `Loaded webhook package "${source.name}" with ${routes.length} route${routes.length === 1 ? "" : "s"}`);
    }
    return { webhooks, failed };
  };
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.replace(/\s*\n\s*/g, " | ");
}
