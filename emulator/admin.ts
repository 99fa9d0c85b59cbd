/**
 * A small JSON control API under /_emulator/ so an emulator started from the CLI can be
 * driven from another process (advance the clock, add faults, read stats). Not part of the
 * Zendesk API; no auth, not counted in stats.
 *
 *   GET    /_emulator/state          → { now, counts, stats, accessToken, paging, timelineBoundary }
 *   POST   /_emulator/advance        ← ChangeSpec
 *   POST   /_emulator/schedule       ← { endpoint?, afterRequests?, change: ChangeSpec }: advance
 *                                      before the (afterRequests+1)th matching API request is routed
 *   GET    /_emulator/schedule       → { pending, applied }
 *   DELETE /_emulator/schedule       (drops pending changes)
 *   GET    /_emulator/unexpected     → { requests: UnexpectedRequest[], dropped }
 *   POST   /_emulator/faults         ← FaultSpec | FaultSpec[]  (times: "Infinity" allowed)
 *   DELETE /_emulator/faults
 *   POST   /_emulator/rate-limit     ← { requests, windowMs } | null
 *   POST   /_emulator/revoke-token
 *   POST   /_emulator/reset-stats    (also clears the unexpected requests)
 *   GET    /_emulator/support        → { baseUrl, credentials, counts } (builds the Support data)
 *   POST   /_emulator/support/rate-limit ← { account: {requests, windowMs} | null, exports?: ... | null }
 *   POST   /_emulator/support/revoke-token
 *   POST   /_emulator/support/conversation-log ← { earlyAccess: false } (403 on every conversation log) | { earlyAccess: true }
 * Support changes go through advance/schedule (ChangeSpec's newTickets, updatedTickets, ...).
 */
import { type ApiResponse, badRequest, ok } from "./errors.js";
import type { ChangeScheduler, ScheduledChange } from "./schedule.js";
import {
  type ChangeSpec,
  type Emulator,
  type FaultSpec,
  type RateLimitSpec,
  RESOURCE_NAMES,
  SUPPORT_RESOURCE_NAMES,
} from "./types.js";

export interface AdminContext {
  emu: Emulator;
  scheduler: ChangeScheduler;
  unexpectedDropped(): number;
}

export function handleAdmin(
  { emu, scheduler, unexpectedDropped }: AdminContext,
  method: string,
  path: string,
  body: string,
): ApiResponse | null {
  let payload: unknown = null;
  if (body.trim() !== "") {
    try {
      payload = JSON.parse(body);
    } catch {
      return badRequest("body must be JSON");
    }
  }
  try {
    switch (`${method} ${path}`) {
      case "GET state":
        return ok({
          now: emu.now().toISOString(),
          counts: Object.fromEntries(RESOURCE_NAMES.map((r) => [r, emu.count(r)])),
          stats: emu.stats(),
          accessToken: emu.currentAccessToken(),
          paging: emu.paging,
          timelineBoundary: emu.timelineBoundary,
        });
      case "POST advance":
        emu.advance(payload as ChangeSpec);
        return ok({ now: emu.now().toISOString() });
      case "POST schedule":
        scheduler.add(payload as ScheduledChange);
        return ok(scheduler.state());
      case "GET schedule":
        return ok(scheduler.state());
      case "DELETE schedule":
        scheduler.clear();
        return ok(scheduler.state());
      case "GET unexpected":
        return ok({ requests: emu.unexpectedRequests(), dropped: unexpectedDropped() });
      case "POST faults": {
        const specs = (Array.isArray(payload) ? payload : [payload]) as FaultSpec[];
        for (const spec of specs) {
          const times = spec.times as unknown;
          emu.faults.add({
            ...spec,
            times: times === "Infinity" || times === null ? Number.POSITIVE_INFINITY : spec.times,
          });
        }
        return ok({ added: specs.length });
      }
      case "DELETE faults":
        emu.faults.clear();
        return ok({ cleared: true });
      case "POST rate-limit":
        emu.setRateLimit(payload as RateLimitSpec | null);
        return ok({ rateLimit: payload });
      case "POST revoke-token":
        emu.revokeAccessToken();
        return ok({ revoked: true });
      case "GET support":
        return ok({
          baseUrl: emu.supportBaseUrl,
          credentials: emu.supportCredentials(),
          counts: Object.fromEntries(SUPPORT_RESOURCE_NAMES.map((r) => [r, emu.count(r)])),
        });
      case "POST support/rate-limit": {
        const spec = (payload ?? {}) as { account?: RateLimitSpec | null; exports?: RateLimitSpec | null };
        emu.setSupportRateLimit(spec.account ?? null, spec.exports);
        return ok({ rateLimit: spec });
      }
      case "POST support/conversation-log": {
        const on = (payload as { earlyAccess?: unknown } | undefined)?.earlyAccess !== false;
        emu.setSupportConversationLogAccess(on);
        return ok({ earlyAccess: on });
      }
      case "POST support/revoke-token":
        emu.revokeSupportAccessToken();
        return ok({ revoked: true });
      case "POST reset-stats":
        emu.resetStats();
        return ok({ reset: true });
      default:
        return null;
    }
  } catch (err) {
    return badRequest(err instanceof Error ? err.message : String(err));
  }
}
