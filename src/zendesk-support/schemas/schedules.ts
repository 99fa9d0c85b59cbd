import type { JsonObject } from "../../protocol/messages.js";
import { array, dateTime, int, intKey, obj, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `schedules` stream. */
export const schedulesSchema: JsonObject = streamSchema(
  "schedules",
  "Business-hours schedules (GET /api/v2/business_hours/schedules): what business-hour metrics count.",
  {
    id: intKey("ID of the schedule. Primary key."),
    name: str("Name of the schedule."),
    time_zone: str('Time zone, as a Rails zone name (e.g. "Pacific Time (US & Canada)"), not an IANA name.'),
    intervals: array(
      "Open intervals, in minutes since the start of the week (Sunday 00:00); none spans midnight.",
      obj("An interval.", {
        start_time: int("Start, in minutes since Sunday 00:00."),
        end_time: int("End, in minutes since Sunday 00:00."),
      }),
    ),
    created_at: dateTime("When the schedule was created."),
    updated_at: dateTime("When the schedule was last updated. Incremental cursor."),
  },
);

/** Records in the shape of Zendesk's reference (List Schedules), written by hand. */
export const schedulesSamples: JsonObject[] = [
  {
    id: 1,
    name: "East Coast",
    time_zone: "Eastern Time (US & Canada)",
    intervals: [
      { start_time: 1980, end_time: 2460 },
      { start_time: 3420, end_time: 3900 },
    ],
    created_at: "2015-09-09T22:48:10Z",
    updated_at: "2015-09-09T22:48:10Z",
  },
  {
    id: 2,
    name: "Berlin weekdays",
    time_zone: "Berlin",
    intervals: [{ start_time: 1920, end_time: 2940 }],
    created_at: "2020-01-06T07:00:00Z",
    updated_at: "2023-11-02T09:15:00Z",
  },
];
