import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadSettings, SettingsError } from "../src/index.js";

describe("CHANNELS with keys", () => {
  it("reads #channel:key in the comma list and in a JSON array, keeping names apart from keys", () => {
    for (const CHANNELS of ["#public,#private:s3cret", '["#public", "#private:s3cret"]']) {
      const settings = loadSettings({ CHANNELS });
      assert.deepEqual(settings.channels, ["#public", "#private"]);
      assert.deepEqual(settings.channelKeys, { "#private": "s3cret" });
    }
  });

  it("keeps everything after the first ':' as the key", () => {
    assert.deepEqual(loadSettings({ CHANNELS: "#a:b:c" }).channelKeys, { "#a": "b:c" });
  });

  it("refuses an empty key or one with a space, naming CHANNELS and never echoing the key", () => {
    for (const CHANNELS of ["#private:", '["#private:two words"]']) {
      assert.throws(() => loadSettings({ CHANNELS }), (error: unknown) =>
        error instanceof SettingsError && /CHANNELS: the key of #private must be one word/.test(error.message) && !error.message.includes("two words"));
    }
  });
});
