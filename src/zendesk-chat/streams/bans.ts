import { Stream } from "../../engine/stream.js";
import { banLists, bansByKind } from "../extractors.js";
import { bansSchema } from "../schemas/bans.js";
import { sinceIdPagination } from "./define.js";

export class Bans extends Stream {
  readonly name = "bans";
  readonly path = "bans";
  readonly primaryKey = ["id"];
  readonly schema = bansSchema;
  readonly pagination = sinceIdPagination;
  readonly cursorField = "id";
  readonly cursorKind = "id";
  extract(body: unknown) {
    return bansByKind(body);
  }
  idLists(body: unknown) {
    return banLists(body);
  }
}
