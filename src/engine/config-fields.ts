import { z } from "zod";

/**
 * A pasted secret (token, password, client secret). A trailing newline or space is a copy slip,
 * dropped here. Whitespace or a control character inside cannot be part of it, and would only fail
 * later as an invalid HTTP header.
 */
export const secret = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, { error: `${field} must not be empty` })
    .refine((value) => !/[\s\p{Cc}]/u.test(value), {
      error: `${field} contains a space, line break or control character inside it; paste the value again as one unbroken string`,
    });

/** A whole number of requests per minute between 1 and `max`. */
export const requestsPerMinute = (field: string, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be a whole number` })
    .min(1, { error: `${field} must be at least 1` })
    .max(max, { error: `${field} must be at most ${max}` });
