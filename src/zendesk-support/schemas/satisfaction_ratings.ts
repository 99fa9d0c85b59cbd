import type { JsonObject } from "../../protocol/messages.js";
import { dateTime, int, intKey, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `satisfaction_ratings` stream. */
export const satisfactionRatingsSchema: JsonObject = streamSchema(
  "satisfaction_ratings",
  "Customer satisfaction (CSAT) ratings of tickets (GET /api/v2/satisfaction_ratings).",
  {
    id: intKey("ID of the rating. Primary key."),
    url: str("API URL of the rating."),
    ticket_id: int("ID of the rated ticket."),
    requester_id: int("ID of the requester who was asked (and answered)."),
    assignee_id: int("ID of the agent assigned when the survey was sent."),
    group_id: int("ID of the group assigned when the survey was sent."),
    score: str('"offered" (sent, not answered), "unoffered", "good" or "bad".'),
    comment: str("The requester's comment, if any."),
    reason: str("The reason given for a bad rating, as text."),
    reason_id: int("ID of that reason."),
    reason_code: int("Code of that reason (e.g. 5: took too long, 7: not resolved)."),
    created_at: dateTime("When the survey was sent (the rating was created)."),
    updated_at: dateTime("When the rating last changed (the requester may rate again). Incremental cursor."),
  },
);

/** Records in the shape of Zendesk's reference (List Satisfaction Ratings), written by hand. */
export const satisfactionRatingsSamples: JsonObject[] = [
  {
    id: 35436,
    url: "https://example.zendesk.com/api/v2/satisfaction_ratings/35436.json",
    ticket_id: 208,
    requester_id: 7881,
    assignee_id: 135,
    group_id: 44,
    score: "good",
    comment: "Awesome support!",
    reason: null,
    reason_id: null,
    reason_code: null,
    created_at: "2011-07-20T22:55:29Z",
    updated_at: "2011-07-20T22:55:29Z",
  },
  {
    id: 35437,
    url: "https://example.zendesk.com/api/v2/satisfaction_ratings/35437.json",
    ticket_id: 209,
    requester_id: 7882,
    assignee_id: null,
    group_id: null,
    score: "bad",
    comment: null,
    reason: "The issue took too long to resolve",
    reason_id: 1001,
    reason_code: 5,
    created_at: "2011-07-21T09:12:04Z",
    updated_at: "2011-07-23T17:40:12Z",
  },
];
