import assert from "node:assert/strict";
import { test } from "node:test";
import { applyV8Flags, SettingsError, V8_FLAGS_VARIABLE } from "../src/index.js";

test("HELGA_V8_FLAGS: applies each --flag or --flag=value, nothing when unset", () => {
  assert.deepEqual(applyV8Flags({}), []);
  assert.deepEqual(applyV8Flags({ [V8_FLAGS_VARIABLE]: "  " }), []);
  // the value runtime.env sets: applying it again in the test process is harmless
  assert.deepEqual(applyV8Flags({ [V8_FLAGS_VARIABLE]: " --heap-growing-percent=20 " }), ["--heap-growing-percent=20"]);
});

test("HELGA_V8_FLAGS: anything but a flag is refused with the variable's name, nothing applied", () => {
  for (const value of ["heap-growing-percent=20", "--heap-growing-percent=20 ; rm", "--a=$(x)"]) {
    assert.throws(() => applyV8Flags({ [V8_FLAGS_VARIABLE]: value }), (error: Error) => error instanceof SettingsError && error.problems[0]!.startsWith(`${V8_FLAGS_VARIABLE}: `) && error.message.includes("is not a V8 flag"));
  }
});
