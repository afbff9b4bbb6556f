/**
 * The Kubernetes manifests, validated offline (no cluster runs here): `kubectl kustomize`
 * renders the base and the example overlay, every object validates against the Kubernetes
 * OpenAPI schemas (kubernetes-models' compiled validators) and has no field they lack
 * (unknown-fields.ts), and the rendered objects hold
 * what docs/deployment.md promises: probes on the admin ports, non-root with a read-only root
 * and no capabilities, resources, two bots that never surge, references that resolve.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { unknownFields } from "./unknown-fields.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));
const run = promisify(execFile);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  /** Rendered YAML, deep and loosely shaped; every field the tests read is asserted on. */
  spec?: any;
  [field: string]: unknown;
}

async function render(folder: string, ...flags: string[]): Promise<K8sObject[]> {
  const { stdout } = await run("kubectl", ["kustomize", ...flags, folder], { cwd: repoRoot, timeout: 60_000 });
  return parseAllDocuments(stdout).map((document) => document.toJS() as K8sObject);
}

/** Validates one object with the schema of its apiVersion and kind; throws naming the field. */
async function validate(object: K8sObject): Promise<void> {
  const module = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`).catch(() => {
    throw new Error(`${object.kind} ${object.metadata.name}: no schema for ${object.apiVersion} ${object.kind}`);
  })) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = module[object.kind];
  if (!Model) throw new Error(`kubernetes-models/${object.apiVersion}/${object.kind} exports no ${object.kind}`);
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata.name}: ${(error as Error).message}`);
  }
}

const renderings = {
  base: () => render("deploy/kubernetes/base"),
  // The example overlay takes the repository's webhooks/hello.ts (outside its folder).
  "overlays/example": () => render("deploy/kubernetes/overlays/example", "--load-restrictor", "LoadRestrictionsNone"),
};

const ADMIN_PORTS: Record<string, number> = { gateway: 9090, bot: 9091 };

for (const [name, renderIt] of Object.entries(renderings)) {
  describe(`deploy/kubernetes/${name}`, async () => {
    const objects = await renderIt();
    const find = (kind: string, objectName: string) => objects.find((o) => o.kind === kind && o.metadata.name === objectName);
    const deployments = objects.filter((o) => o.kind === "Deployment");

    it("renders the gateway and bot workloads with their Service, HPA and PDBs", () => {
      const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      for (const expected of ["Deployment/helga-gateway", "Deployment/helga-bot", "Service/helga-gateway", "HorizontalPodAutoscaler/helga-gateway", "PodDisruptionBudget/helga-gateway", "PodDisruptionBudget/helga-bot"]) {
        assert.ok(kinds.includes(expected), `${expected} missing from ${kinds.join(", ")}`);
      }
    });

    it("every object validates against the Kubernetes OpenAPI schema", async () => {
      for (const object of objects) await validate(object);
    });

    it("no object has a field Kubernetes does not know", () => {
      assert.deepEqual(unknownFields(objects, here), []);
    });

    for (const deployment of deployments) {
      const component = deployment.metadata.labels?.["app.kubernetes.io/component"] ?? "";
      const pod = deployment.spec.template.spec;
      it(`${deployment.metadata.name}: runs as non-root, read-only root, no capabilities, with resources`, () => {
        assert.equal(pod.securityContext?.runAsNonRoot, true);
        assert.ok(pod.securityContext?.runAsUser > 0, "runAsUser must be a non-zero number (the image's user is a name)");
        for (const container of pod.containers) {
          const security = container.securityContext ?? {};
          assert.equal(security.readOnlyRootFilesystem, true, `${container.name}: readOnlyRootFilesystem`);
          assert.equal(security.allowPrivilegeEscalation, false, `${container.name}: allowPrivilegeEscalation`);
          assert.deepEqual(security.capabilities?.drop, ["ALL"], `${container.name}: capabilities.drop`);
          for (const kind of ["requests", "limits"]) {
            assert.ok(container.resources?.[kind]?.cpu && container.resources?.[kind]?.memory, `${container.name}: resources.${kind}`);
          }
          // Node and tsx write to the temp folder; a read-only root needs a volume there.
          const tmp = container.volumeMounts?.find((mount: { mountPath: string }) => mount.mountPath === "/tmp");
          const volume = pod.volumes?.find((v: { name: string }) => v.name === tmp?.name);
          assert.ok(volume?.emptyDir, `${container.name}: /tmp must be an emptyDir`);
        }
      });

      it(`${deployment.metadata.name}: probes /healthz and /readyz on the admin port the service listens on`, () => {
        const [container] = pod.containers;
        const admin = container.ports.find((p: { name: string }) => p.name === "admin");
        assert.equal(admin?.containerPort, ADMIN_PORTS[component], `admin port of the ${component}`);
        const env = container.env?.find((e: { name: string }) => e.name === "ADMIN_PORT");
        assert.equal(env?.value, String(admin.containerPort), "ADMIN_PORT matches the admin containerPort");
        for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
          assert.equal(container[probe]?.httpGet?.port, "admin", `${probe} port`);
        }
        assert.equal(container.livenessProbe.httpGet.path, "/healthz");
        assert.equal(container.readinessProbe.httpGet.path, "/readyz");
      });

      it(`${deployment.metadata.name}: every ConfigMap and Secret it reads is rendered, or optional`, () => {
        const [container] = pod.containers;
        const references = [
          ...container.envFrom.map((source: { configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }) =>
            source.configMapRef ? ["ConfigMap", source.configMapRef] : ["Secret", source.secretRef]),
          ...(pod.volumes ?? []).filter((v: { configMap?: unknown }) => v.configMap).map((v: { configMap: { name: string; optional?: boolean } }) => ["ConfigMap", v.configMap]),
        ] as Array<[string, { name: string; optional?: boolean }]>;
        for (const [kind, reference] of references) {
          assert.ok(find(kind, reference.name) || reference.optional, `${kind} ${reference.name} is neither rendered nor optional`);
        }
      });
    }

    it("two bots, and a rollout that never adds a third", () => {
      const bot = find("Deployment", "helga-bot");
      assert.equal(bot?.spec.replicas, 2);
      assert.equal(bot?.spec.strategy.rollingUpdate.maxSurge, 0);
      assert.equal(bot?.spec.strategy.rollingUpdate.maxUnavailable, 1);
    });

    it("the gateway rollout keeps every gateway until its replacement is ready", () => {
      const gateway = find("Deployment", "helga-gateway");
      assert.equal(gateway?.spec.strategy.rollingUpdate.maxUnavailable, 0);
    });

    it("the Service, HPA and PDBs point at the pods and ports that exist", () => {
      const podsOf = (selector: Record<string, string>) =>
        deployments.filter((d) => Object.entries(selector).every(([key, value]) => d.spec.template.metadata.labels?.[key] === value));
      const service = find("Service", "helga-gateway");
      const [gateway] = podsOf(service?.spec.selector ?? {});
      assert.equal(gateway?.metadata.name, "helga-gateway");
      const portNames = gateway?.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name);
      for (const port of service?.spec.ports ?? []) assert.ok(portNames.includes(port.targetPort), `targetPort ${port.targetPort}`);
      assert.equal(find("HorizontalPodAutoscaler", "helga-gateway")?.spec.scaleTargetRef.name, "helga-gateway");
      for (const pdb of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
        assert.equal(podsOf(pdb.spec.selector.matchLabels).length, 1, `PodDisruptionBudget ${pdb.metadata.name} selects one Deployment`);
      }
    });
  });
}

describe("deploy/kubernetes/overlays/example, beyond the base", async () => {
  const objects = await renderings["overlays/example"]();

  it("puts everything namespaced in its namespace and takes pushed images by tag", () => {
    for (const object of objects.filter((o) => o.kind !== "Namespace")) assert.equal(object.metadata.namespace, "helga", `${object.kind} ${object.metadata.name}`);
    const images = objects.filter((o) => o.kind === "Deployment").map((d) => d.spec.template.spec.containers[0].image as string);
    assert.deepEqual(images.sort(), ["registry.example.com/helga/bot:1.2.0", "registry.example.com/helga/gateway:1.2.0"]);
  });

  it("shows the Sentinel settings and mounts the example webhook", () => {
    const settings = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("helga-settings-"));
    assert.match(String((settings?.data as Record<string, string>).REDIS_SENTINELS), /:26379/);
    assert.equal((settings?.data as Record<string, string>).REDIS_SENTINEL_NAME, "helga");
    const webhooks = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("helga-webhooks-"));
    assert.match(String((webhooks?.data as Record<string, string>)["hello.ts"]), /route\("\/hello\//);
  });
});

describe("the checks themselves", () => {
  it("the schema check rejects a manifest with a wrong type, naming the field", async () => {
    const broken: K8sObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "broken" }, spec: { replicas: "two", selector: {}, template: {} } };
    await assert.rejects(validate(broken), /Deployment broken: .*replicas/);
  });

  it("the field check names a misspelt field", () => {
    const misspelt: K8sObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "misspelt" },
      spec: { selector: {}, template: { spec: { containers: [{ name: "c", securityContext: { readOnlyRootFileSystem: true } }] } } },
    };
    const problems = unknownFields([misspelt], here);
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0] ?? "", /Deployment misspelt: .*'"readOnlyRootFileSystem"' does not exist/);
  });
});
