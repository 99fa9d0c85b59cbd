// Record schemas of the Zendesk Support streams (draft-07, fully inlined), one file per stream.
export { groupMembershipsSchema } from "./group_memberships.js";
export { groupsSchema } from "./groups.js";
export { macrosSchema } from "./macros.js";
export { organizationsSchema } from "./organizations.js";
export { tagsSchema } from "./tags.js";
export { ticketAuditsSchema } from "./ticket_audits.js";
export { ticketFieldsSchema } from "./ticket_fields.js";
export { ticketMetricsSchema } from "./ticket_metrics.js";
export { ticketsSchema } from "./tickets.js";
export { usersSchema } from "./users.js";
