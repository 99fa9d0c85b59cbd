import { ConfigError } from "../protocol/errors.js";
import type { Warehouse } from "./db.js";

/**
 * A file holds one Zendesk account: a sync of another account into it would mix two companies'
 * data (and resume one from the other's state). Refused, unless --full-refresh, which replaces it all.
 */
export async function checkAccount(
  warehouse: Warehouse,
  path: string,
  chat: string,
  support: string | undefined,
  options: { config: string; fullRefresh?: boolean },
): Promise<void> {
  const stored = await warehouse.account();
  const clash =
    stored && stored.chat !== chat
      ? { kind: "Chat", theirs: stored.chat, ours: chat }
      : stored?.support !== undefined && support !== undefined && stored.support !== support
        ? { kind: "Support", theirs: stored.support, ours: support }
        : undefined;
  if (clash && !options.fullRefresh) {
    throw new ConfigError(
      `${path} holds the Zendesk ${clash.kind} account '${clash.theirs}', and ${options.config} is for '${clash.ours}': sync into another file (--to duckdb:another.duckdb), or add --full-refresh to replace its data with this account's.`,
    );
  }
  if (clash) await warehouse.dropAllData();
  // Support, once synced, stays recorded when a later sync of the same account reads Chat alone.
  const keptSupport = support ?? (clash ? undefined : stored?.support);
  await warehouse.saveAccount({ chat, ...(keptSupport !== undefined ? { support: keptSupport } : {}) });
}
