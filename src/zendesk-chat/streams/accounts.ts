import { singlePage } from "../../engine/paginator.js";
import { Stream } from "../../engine/stream.js";
import { wholeBody } from "../extractors.js";
import { accountsSchema } from "../schemas/accounts.js";

export class Accounts extends Stream {
  readonly name = "accounts";
  readonly path = "account";
  readonly primaryKey = ["account_key"];
  readonly schema = accountsSchema;
  readonly pagination = singlePage;
  extract(body: unknown) {
    return wholeBody(body);
  }
}
