import { banLists, bansByKind } from "../extractors.js";
import { bansSchema } from "../schemas/bans.js";
import { SinceIdStream } from "./define.js";

export class Bans extends SinceIdStream {
  readonly name = "bans";
  readonly path = "bans";
  readonly schema = bansSchema;
  extract(body: unknown) {
    return bansByKind(body);
  }
  idLists(body: unknown) {
    return banLists(body);
  }
}
