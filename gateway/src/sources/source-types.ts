import { alertmanagerSource } from "./alertmanager/alertmanager-source.js";
import { giteaSource } from "./gitea/gitea-source.js";
import { githubSource } from "./github/github-source.js";
import { gitlabSource } from "./gitlab/gitlab-source.js";
import { grafanaSource } from "./grafana/grafana-source.js";
import { discordSource } from "./discord/discord-source.js";
import { jsonSource } from "./json/json-source.js";
import { slackSource } from "./slack/slack-source.js";
import type { SourceType, SourceTypeName } from "./core/source-type.js";

/** The registry: one entry per folder. A new sender adds its folder and one line here. */
export const SOURCE_TYPES: Readonly<Record<SourceTypeName, SourceType>> = {
  github: githubSource,
  gitlab: gitlabSource,
  gitea: giteaSource,
  alertmanager: alertmanagerSource,
  grafana: grafanaSource,
  json: jsonSource,
  slack: slackSource,
  discord: discordSource,
};
