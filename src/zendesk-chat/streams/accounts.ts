import type { StreamDefinition } from "../../source/stream.js";
import { wholeBody } from "../extractors.js";
import { accountsSchema } from "../schemas/index.js";

export const accounts: StreamDefinition = {
  name: "accounts",
  path: "account",
  primaryKey: ["account_key"],
  schema: accountsSchema,
  pagination: { kind: "none" },
  extract: wholeBody,
};
