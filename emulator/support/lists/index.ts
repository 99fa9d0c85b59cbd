import { brands } from "./brands.js";
import type { SupportList } from "./list.js";
import { satisfactionRatings } from "./satisfaction_ratings.js";
import { schedules } from "./schedules.js";
import { slaPolicies } from "./sla_policies.js";
import { ticketForms } from "./ticket_forms.js";

/**
 * The Support list resources served from one registration each (see list.ts): adding one is a file
 * here and a line below. The older lists (groups, macros, …) are still served from endpoints.ts.
 */
export const SUPPORT_LISTS = [
  brands,
  ticketForms,
  slaPolicies,
  schedules,
  satisfactionRatings,
] as const satisfies readonly SupportList[];

export type SupportListName = (typeof SUPPORT_LISTS)[number]["name"];
