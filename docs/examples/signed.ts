import { route, verified } from "@helga/gateway";

// GitHub: X-Hub-Signature-256 over the raw body; a redelivered X-GitHub-Delivery is not handled twice.
export const github = route(
  "/hooks/github$",
  { methods: ["POST"] },
  verified.github({ secret: "GITHUB_WEBHOOK_SECRET" }, async (request, client) => {
    const { repository } = request.body as { repository: { full_name: string } };
    await client.msg("#dev", `${request.headers["x-github-event"]} on ${repository.full_name}`);
    return "OK";
  }),
);

// Any sender that signs with HMAC: name the header, algorithm, prefix and encoding.
export const shop = route(
  "/hooks/shop$",
  { methods: ["POST"] },
  verified.hmac({ header: "X-Shop-Signature", algorithm: "sha256", encoding: "base64", secret: "SHOP_SECRET" }, () => "OK"),
);

// A sender that only sends a shared token, e.g. GitLab.
export const gitlab = route(
  "/hooks/gitlab$",
  { methods: ["POST"] },
  verified.token({ header: "X-Gitlab-Token", secret: "GITLAB_TOKEN" }, () => "OK"),
);
