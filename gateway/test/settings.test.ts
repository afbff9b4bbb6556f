import { test } from "node:test";
import assert from "node:assert/strict";
import { runWithAuthoringServices } from "../src/api/authoring-services.js";
import { memoryDeliveryLedger } from "../src/api/delivery-ledger.js";
import { missingSettings, settings } from "../src/api/settings.js";

function withSettings<T>(values: Record<string, unknown>, fn: () => T): T {
  const db = () => {
    throw new Error("no db here");
  };
  return runWithAuthoringServices({ settings: values, credentials: [], deliveries: memoryDeliveryLedger(), db }, fn);
}

test("settings readers: text, lists, booleans, numbers, with fallbacks", () => {
  const values = {
    TEXT: "☃ snow",
    NUM_TEXT: " 42 ",
    NUMBER: 7.5,
    LIST: "#a, #b,,#c",
    JSON_LIST: '["#x", "#y"]',
    ARRAY: ["#p"],
    YES: "on",
    NO: "0",
    BOOL: true,
    EMPTY: "",
  };
  withSettings(values, () => {
    assert.equal(settings.get("NUMBER"), 7.5);
    assert.equal(settings.get("EMPTY"), undefined);
    assert.equal(settings.string("TEXT"), "☃ snow");
    assert.equal(settings.string("NUMBER"), "7.5");
    assert.equal(settings.string("UNSET"), undefined);
    assert.equal(settings.string("UNSET", "dflt"), "dflt");
    assert.equal(settings.string("EMPTY", "dflt"), "dflt");
    assert.deepEqual(settings.list("LIST"), ["#a", "#b", "#c"]);
    assert.deepEqual(settings.list("JSON_LIST"), ["#x", "#y"]);
    assert.deepEqual(settings.list("ARRAY"), ["#p"]);
    assert.deepEqual(settings.list("UNSET"), []);
    assert.deepEqual(settings.list("UNSET", ["#d"]), ["#d"]);
    assert.equal(settings.bool("YES"), true);
    assert.equal(settings.bool("NO"), false);
    assert.equal(settings.bool("BOOL"), true);
    assert.equal(settings.bool("UNSET"), undefined);
    assert.equal(settings.bool("UNSET", true), true);
    assert.equal(settings.number("NUM_TEXT"), 42);
    assert.equal(settings.number("NUMBER"), 7.5);
    assert.equal(settings.number("UNSET", 3), 3);
    assert.equal(settings.required("TEXT"), "☃ snow");
  });
});

test("settings readers name the setting when its value has the wrong shape or is missing", () => {
  withSettings({ TEXT: "abc", OBJ: { a: 1 }, LIST: ["ok", 3] }, () => {
    assert.throws(() => settings.number("TEXT"), /Setting TEXT must be a number/);
    assert.throws(() => settings.bool("TEXT"), /Setting TEXT must be true or false/);
    assert.throws(() => settings.string("OBJ"), /Setting OBJ must be text/);
    assert.throws(() => settings.list("LIST"), /Setting LIST must be a list/);
    assert.throws(() => settings.required("NOPE"), /Setting NOPE is required/);
  });
});

test("missingSettings lists the required settings that are unset", () => {
  const available = { A: "1", EMPTY: "", LIST: ["x"] };
  assert.deepEqual(missingSettings({}, available), []);
  assert.deepEqual(missingSettings({ requires: ["A", "LIST"] }, available), []);
  assert.deepEqual(missingSettings({ requires: ["A", "B", "EMPTY"] }, available), ["B", "EMPTY"]);
  assert.throws(() => missingSettings({ requires: "A" }, available), /must be a list of setting names/);
  assert.throws(() => missingSettings({ requires: ["A", 3] }, available), /must be a list of setting names/);
});
