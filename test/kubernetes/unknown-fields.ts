import { join } from "node:path";
import ts from "typescript";

/**
 * The Kubernetes JSON schemas accept fields they do not define, so a misspelt field
 * (`readOnlyRootFileSystem`) would pass them silently. TypeScript does not: each object is
 * type-checked as an object literal of its kubernetes-models type, and the excess-property
 * check names every field Kubernetes does not know. Returns one problem per diagnostic.
 */
export function unknownFields(objects: ReadonlyArray<{ apiVersion: string; kind: string; metadata: { name: string } }>, folder: string): string[] {
  const files = new Map(objects.map((object, i) => [
    join(folder, `rendered-${i}.ts`),
    `import type { I${object.kind} } from "kubernetes-models/${object.apiVersion}/${object.kind}";\n` +
      `export const object: I${object.kind} = ${JSON.stringify(object, null, 1)};\n`,
  ]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile.call(host, name, language, ...rest) : ts.createSourceFile(name, text, language);
  };
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram([...files.keys()], options, host);
  const names = [...files.keys()];
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const object = objects[names.indexOf(diagnostic.file?.fileName ?? "")];
    const where = object ? `${object.kind} ${object.metadata.name}` : diagnostic.file?.fileName ?? "types";
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
  });
}
