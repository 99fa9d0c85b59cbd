import { Stream } from "../../source/stream.js";
import { wholeBody } from "../extractors.js";
import { accountsSchema } from "../schemas/index.js";

export class Accounts extends Stream {
  readonly name = "accounts";
  readonly path = "account";
  readonly primaryKey = ["account_key"];
  readonly schema = accountsSchema;
  readonly pagination = { kind: "none" } as const;
  extract(body: unknown) {
    return wholeBody(body);
  }
}
