import type { StreamDefinition } from "../../engine/stream.js";
import { Brands } from "./brands.js";
import { GroupMemberships } from "./group_memberships.js";
import { Groups } from "./groups.js";
import { Macros } from "./macros.js";
import { Organizations } from "./organizations.js";
import { SatisfactionRatings } from "./satisfaction_ratings.js";
import { Schedules } from "./schedules.js";
import { SlaPolicies } from "./sla_policies.js";
import { Tags } from "./tags.js";
import { TicketAudits } from "./ticket_audits.js";
import { TicketComments } from "./ticket_comments.js";
import { TicketConversationLog } from "./ticket_conversation_log.js";
import { TicketFields } from "./ticket_fields.js";
import { TicketForms } from "./ticket_forms.js";
import { TicketMetricEvents } from "./ticket_metric_events.js";
import { TicketMetrics } from "./ticket_metrics.js";
import { TicketChatEvents, TicketChats } from "./ticket-chats.js";
import { Tickets } from "./tickets.js";
import { Users } from "./users.js";

/** The Zendesk Support streams, named as in Airbyte's source-zendesk-support, in discover order. */
export const supportStreams: readonly StreamDefinition[] = [
  new Tickets(),
  new Users(),
  new Organizations(),
  new TicketAudits(),
  new TicketMetrics(),
  new TicketFields(),
  new Groups(),
  new GroupMemberships(),
  new Macros(),
  new Tags(),
  new Brands(),
  new TicketForms(),
  new SlaPolicies(),
  new Schedules(),
  new TicketComments(),
  new SatisfactionRatings(),
  new TicketMetricEvents(),
  new TicketChats(),
  new TicketChatEvents(),
  new TicketConversationLog(),
];
