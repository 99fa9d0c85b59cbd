import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("spec", () => {
  it("prints exactly one SPEC message, equal to spec.json, and exits 0", async () => {
    const result = await runCli(["spec"]);
    expect(result.exitCode).toBe(0);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].type).toBe("SPEC");
    const specFile = JSON.parse(readFileSync(new URL("../../spec.json", import.meta.url), "utf8"));
    expect(result.messages[0].spec).toEqual(specFile);
  });

  it("keeps OAuth as the first credentials option (Airbyte's advanced_auth rule)", async () => {
    const spec = (await runCli(["spec"])).messages[0].spec;
    expect(spec.connectionSpecification.properties.credentials.oneOf[0].properties.credentials.const).toBe(
      "oauth2.0",
    );
    expect(spec.advanced_auth.predicate_key).toEqual(["credentials", "credentials"]);
  });
});
