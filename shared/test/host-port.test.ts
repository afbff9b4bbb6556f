import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatHostPort, parseHostPort, type HostPort } from "../src/settings/host-port.js";

describe("parseHostPort", () => {
  const withDefault: Array<[string, HostPort]> = [
    ["irc.example", { host: "irc.example", port: 6697 }],
    ["irc.example:7000", { host: "irc.example", port: 7000 }],
    [" irc.example:7000 ", { host: "irc.example", port: 7000 }],
    ["10.0.0.1", { host: "10.0.0.1", port: 6697 }],
    ["10.0.0.1:1", { host: "10.0.0.1", port: 1 }],
    ["redis_sentinel-1:65535", { host: "redis_sentinel-1", port: 65535 }],
    ["[::1]:7000", { host: "::1", port: 7000 }],
    ["[::1]", { host: "::1", port: 6697 }],
    ["::1", { host: "::1", port: 6697 }],
    ["2001:db8::7", { host: "2001:db8::7", port: 6697 }],
    ["[fe80::1%eth0]:6667", { host: "fe80::1%eth0", port: 6667 }],
  ];
  for (const [entry, expected] of withDefault) {
    it(`reads ${JSON.stringify(entry)} with a default port`, () => {
      assert.deepEqual(parseHostPort(entry, 6697), expected);
    });
  }

  const portRequired: Array<[string, HostPort]> = [
    ["s1:26379", { host: "s1", port: 26379 }],
    ["[::1]:26380", { host: "::1", port: 26380 }],
    ["10.0.0.3:5000", { host: "10.0.0.3", port: 5000 }],
  ];
  for (const [entry, expected] of portRequired) {
    it(`reads ${JSON.stringify(entry)} without a default port`, () => {
      assert.deepEqual(parseHostPort(entry), expected);
    });
  }

  const bad: Array<[string, number | undefined, string]> = [
    ["10.0.0.1", undefined, `"10.0.0.1" is not host:port: the port is missing`],
    ["[::1]", undefined, `"[::1]" is not host:port: the port is missing`],
    ["::1", undefined, `"::1" is not host:port: an IPv6 address goes in brackets, as [::1]:26379`],
    ["b:0", undefined, `"b:0" is not host:port: the port must be a whole number from 1 to 65535`],
    ["a.example:99999", 6697, `"a.example:99999" is not a host or host:port: the port must be a whole number from 1 to 65535`],
    ["a.example:tls", 6697, `"a.example:tls" is not a host or host:port: the port must be a whole number from 1 to 65535`],
    ["a.example:", 6697, `"a.example:" is not a host or host:port: the port must be a whole number from 1 to 65535`],
    ["a.example:+80", 6697, `"a.example:+80" is not a host or host:port: the port must be a whole number from 1 to 65535`],
    ["[::1]:x", 6697, `"[::1]:x" is not a host or host:port: the port must be a whole number from 1 to 65535`],
    ["[irc.example]:6697", 6697, `"[irc.example]:6697" is not a host or host:port: only an IPv6 address goes in brackets`],
    ["user@a.example", 6697, `"user@a.example" is not a host or host:port: the host may hold letters, digits, '.', '-' and '_' (IPv6 in brackets, as [::1])`],
    ["irc.example/6697", 6697, `"irc.example/6697" is not a host or host:port: the host may hold letters, digits, '.', '-' and '_' (IPv6 in brackets, as [::1])`],
    ["a b:6697", 6697, `"a b:6697" is not a host or host:port: the host may hold letters, digits, '.', '-' and '_' (IPv6 in brackets, as [::1])`],
    ["a:b:6697", 6697, `"a:b:6697" is not a host or host:port: the host may hold letters, digits, '.', '-' and '_' (IPv6 in brackets, as [::1])`],
    ["", 6697, `"" is not a host or host:port: the host may hold letters, digits, '.', '-' and '_' (IPv6 in brackets, as [::1])`],
  ];
  for (const [entry, defaultPort, message] of bad) {
    it(`refuses ${JSON.stringify(entry)}${defaultPort === undefined ? " without a default port" : ""}, quoting it`, () => {
      assert.throws(() => parseHostPort(entry, defaultPort), { message });
    });
  }
});

describe("formatHostPort", () => {
  const cases: Array<[HostPort, string]> = [
    [{ host: "irc.example", port: 6697 }, "irc.example:6697"],
    [{ host: "127.0.0.1", port: 26379 }, "127.0.0.1:26379"],
    [{ host: "::1", port: 26380 }, "[::1]:26380"],
  ];
  for (const [address, expected] of cases) {
    it(`writes ${expected}, which parseHostPort reads back`, () => {
      assert.equal(formatHostPort(address), expected);
      assert.deepEqual(parseHostPort(expected), address);
    });
  }
});
