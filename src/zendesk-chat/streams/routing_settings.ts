import type { StreamDefinition } from "../../source/stream.js";
import { underKey } from "../extractors.js";
import { routingSettingsSchema } from "../schemas/index.js";

export const routingSettings: StreamDefinition = {
  name: "routing_settings",
  path: "routing_settings/account",
  // One settings object per account: nothing to key on.
  schema: routingSettingsSchema,
  pagination: { kind: "none" },
  extract: underKey("data"),
};
