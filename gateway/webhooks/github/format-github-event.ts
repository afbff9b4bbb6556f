import { clean, colour, Colour } from "./irc-text.js";
import { field, list, optionalText, text } from "./payload-fields.js";

export { MalformedPayload } from "./payload-fields.js";

/** What to do with one delivery: say lines, answer a ping, or ignore it (and why). */
export type GithubSummary =
  | { readonly kind: "lines"; readonly lines: readonly string[] }
  | { readonly kind: "pong" }
  | { readonly kind: "ignored"; readonly reason: string };

/** Pushes of more commits than this are summarised: a header, the first commit, then "(+N more)". */
const LISTED_COMMITS = 2;

/**
 * One short coloured line per event (a push of several commits: at most three lines).
 * @throws MalformedPayload when a field the event needs is missing.
 */
export function formatGithubEvent(event: string, payload: unknown): GithubSummary {
  switch (event) {
    case "ping":
      return { kind: "pong" };
    case "push":
      return lines(formatPush(payload));
    case "pull_request":
      return formatPullRequest(payload);
    case "issues":
      return formatIssue(payload);
    case "release":
      return text(payload, "action") === "published" ? lines([formatRelease(payload)]) : ignored(event, payload);
    case "workflow_run":
      return formatWorkflowRun(payload);
    default:
      return { kind: "ignored", reason: `event ${event} is not announced` };
  }
}

const lines = (output: readonly string[]): GithubSummary => ({ kind: "lines", lines: output });
const ignored = (event: string, payload: unknown): GithubSummary => ({ kind: "ignored", reason: `${event} ${String(field(payload, "action"))} is not announced` });

const repo = (payload: unknown) => `[${colour(clean(text(payload, "repository.name"), 100), Colour.pink)}]`;
const who = (login: string) => colour(clean(login, 40), Colour.silver);
const url = (link: string) => colour(link, Colour.navy);
const sha = (id: string) => colour(id.slice(0, 7), Colour.grey);

function formatPush(payload: unknown): string[] {
  const ref = text(payload, "ref");
  const tag = ref.startsWith("refs/tags/");
  const name = colour(clean(ref.replace(/^refs\/(heads|tags)\//, ""), 60), Colour.purple);
  const where = tag ? `tag ${name}` : `branch ${name}`;
  const pusher = who(optionalText(payload, "pusher.name") ?? text(payload, "sender.login"));
  const head = `${repo(payload)} ${pusher}`;
  if (field(payload, "deleted") === true) return [`${head} ${colour("deleted", Colour.red)} ${where}`];
  const compare = optionalText(payload, "compare");
  const link = compare ? ` ${url(compare)}` : "";
  const commits = list(payload, "commits");
  const verb = field(payload, "forced") === true ? colour("force-pushed", Colour.red) : "pushed";
  if (commits.length === 0) return [field(payload, "created") === true ? `${head} created ${where}${link}` : `${head} ${verb} to ${where}${link}`];
  const summary = (commit: unknown) => `${sha(text(commit, "id"))} ${clean(text(commit, "message"))}`;
  const to = tag ? where : name;
  if (commits.length === 1) return [`${head} ${verb} 1 commit to ${to}: ${summary(commits[0])}${link}`];
  const shown = commits.slice(0, LISTED_COMMITS).map((commit) => `  ${summary(commit)}`);
  const more = commits.length - LISTED_COMMITS;
  if (more > 0) shown[shown.length - 1] += ` … (+${more} more)`;
  return [`${head} ${verb} ${commits.length} commits to ${to}${link}`, ...shown];
}

function formatPullRequest(payload: unknown): GithubSummary {
  const action = text(payload, "action");
  const merged = action === "closed" && field(payload, "pull_request.merged") === true;
  const verb = merged ? colour("merged", Colour.purple) : actionWord(action);
  if (!verb) return ignored("pull_request", payload);
  const number = String(field(payload, "pull_request.number") ?? field(payload, "number"));
  const title = clean(text(payload, "pull_request.title"));
  const actor = merged ? (optionalText(payload, "pull_request.merged_by.login") ?? text(payload, "sender.login")) : text(payload, "sender.login");
  return lines([`${repo(payload)} ${who(actor)} ${verb} pull request #${number}: ${title} ${url(text(payload, "pull_request.html_url"))}`]);
}

function formatIssue(payload: unknown): GithubSummary {
  const verb = actionWord(text(payload, "action"));
  if (!verb) return ignored("issues", payload);
  const number = String(field(payload, "issue.number"));
  const title = clean(text(payload, "issue.title"));
  return lines([`${repo(payload)} ${who(text(payload, "sender.login"))} ${verb} issue #${number}: ${title} ${url(text(payload, "issue.html_url"))}`]);
}

function formatRelease(payload: unknown): string {
  const tag = clean(text(payload, "release.tag_name"), 60);
  const name = optionalText(payload, "release.name");
  const titled = name && clean(name) !== tag ? `${colour(tag, Colour.purple)}: ${clean(name)}` : colour(tag, Colour.purple);
  return `${repo(payload)} ${who(text(payload, "sender.login"))} published release ${titled} ${url(text(payload, "release.html_url"))}`;
}

function formatWorkflowRun(payload: unknown): GithubSummary {
  if (text(payload, "action") !== "completed") return ignored("workflow_run", payload);
  const conclusion = optionalText(payload, "workflow_run.conclusion");
  const outcome = conclusion === "success" ? colour("passed", Colour.green) : conclusion === "failure" ? colour("failed", Colour.red) : undefined;
  if (!outcome) return { kind: "ignored", reason: `workflow_run completed with conclusion ${String(conclusion)} is not announced` };
  const workflow = clean(text(payload, "workflow_run.name"), 60);
  const branch = colour(clean(text(payload, "workflow_run.head_branch"), 60), Colour.purple);
  return lines([`${repo(payload)} workflow ${workflow} ${outcome} on ${branch} (${sha(text(payload, "workflow_run.head_sha"))}) ${url(text(payload, "workflow_run.html_url"))}`]);
}

function actionWord(action: string): string | undefined {
  if (action === "opened") return colour("opened", Colour.green);
  if (action === "closed") return colour("closed", Colour.red);
  if (action === "reopened") return colour("reopened", Colour.orange);
  return undefined;
}
