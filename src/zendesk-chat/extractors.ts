import { unexpected } from "../engine/extractors.js";
import type { IdList } from "../engine/paginator.js";
import { isObject } from "../protocol/input-files.js";
import type { JsonObject } from "../protocol/messages.js";

export { topLevelArray, underKey, wholeBody } from "../engine/extractors.js";

/** `GET bans`: `{ ip_address: [...], visitor: [...] }`, merged into one id-ordered list for since_id paging. */
export function bansByKind(body: unknown): JsonObject[] {
  if (!isObject(body)) throw unexpected("an object with ip_address and visitor bans", body);
  const merged: JsonObject[] = [];
  for (const [kind, list] of Object.entries(body)) {
    if (!Array.isArray(list)) continue;
    for (const ban of list) if (isObject(ban)) merged.push(ban.type ? ban : { ...ban, type: kind });
  }
  return merged.sort((a, b) => Number(a.id) - Number(b.id));
}

/** The two bans lists of a page, each with its size and highest id (see StreamDefinition.idLists). */
export function banLists(body: unknown): IdList[] {
  if (!isObject(body)) return [];
  return Object.entries(body).flatMap(([name, list]) => {
    if (!Array.isArray(list)) return [];
    let lastId: number | undefined;
    for (const ban of list) {
      const id = isObject(ban) ? ban.id : undefined;
      if (typeof id === "number" && (lastId === undefined || id > lastId)) lastId = id;
    }
    return [{ name, count: list.length, lastId }];
  });
}
