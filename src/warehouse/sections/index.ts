/**
 * The report's sections, in page order. A section is one file in this folder (its tables, its
 * queries in sql/<id>/, its charts and totals); add it here. Each is drawn only when its tables are
 * in the file; the page says which are missing otherwise.
 */
import { chatsSection } from "./chats.js";
import { conversationsSection } from "./conversations.js";
import { csatSection } from "./csat.js";
import type { Section } from "./kit.js";
import { slaSection } from "./sla.js";
import { ticketsSection } from "./tickets.js";

export const SECTIONS: Section[] = [
  conversationsSection,
  chatsSection,
  ticketsSection,
  csatSection,
  slaSection,
];
