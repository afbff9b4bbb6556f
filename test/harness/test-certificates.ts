import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM files made by `openssl` for one test: a private CA and server certificates. */
export interface TestCertificates {
  readonly dir: string;
  /** The private CA's certificate: what SERVER_TLS_CA_FILE points at. */
  readonly ca: string;
  /** A certificate for `localhost` and 127.0.0.1 signed by the CA. */
  readonly signed: { readonly cert: string; readonly key: string };
  /** A certificate for `wrong.example` signed by the same CA. */
  readonly wrongHost: { readonly cert: string; readonly key: string };
  /** A self-signed certificate for `localhost`. */
  readonly selfSigned: { readonly cert: string; readonly key: string };
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "helga-certs-"));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=helga test CA",
    "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    "-keyout", path("ca.key"), "-out", path("ca.pem"));
  const signedBy = (name: string, cn: string, altNames: string) => {
    writeFileSync(path(`${name}.ext`), `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\n`);
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${cn}`, "-keyout", path(`${name}.key`), "-out", path(`${name}.csr`));
    openssl("x509", "-req", "-in", path(`${name}.csr`), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
      "-days", "1", "-extfile", path(`${name}.ext`), "-out", path(`${name}.pem`));
    return { cert: path(`${name}.pem`), key: path(`${name}.key`) };
  };
  const signed = signedBy("server", "localhost", "DNS:localhost,IP:127.0.0.1");
  const wrongHost = signedBy("wrong", "wrong.example", "DNS:wrong.example");
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
    "-keyout", path("self.key"), "-out", path("self.pem"));
  for (const file of ["server.key", "wrong.key", "self.key"]) chmodSync(path(file), 0o644); // the ircd may drop privileges
  return { dir, ca: path("ca.pem"), signed, wrongHost, selfSigned: { cert: path("self.pem"), key: path("self.key") } };
}
