import { unexpected } from "../engine/extractors.js";
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
