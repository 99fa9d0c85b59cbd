import { Stream } from "../../source/stream.js";
import { banLists, bansByKind } from "../extractors.js";
import { bansSchema } from "../schemas/index.js";

export class Bans extends Stream {
  readonly name = "bans";
  readonly path = "bans";
  readonly primaryKey = ["id"];
  readonly schema = bansSchema;
  readonly pagination = { kind: "since_id", pageSize: 1000 } as const;
  readonly cursorField = "id";
  readonly cursorKind = "id";
  extract(body: unknown) {
    return bansByKind(body);
  }
  idLists(body: unknown) {
    return banLists(body);
  }
}
