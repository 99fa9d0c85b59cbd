import type { IdList, NextPage, PageContext, UrlResolver } from "../../engine/paginator.js";
import { SystemError } from "../../protocol/errors.js";
import { ZendeskPaginator } from "./zendesk-paginator.js";

const END: NextPage = { end: true };

/**
 * agents, bans: ids ascend; `since_id` is inclusive, so the next page starts at the last id + 1.
 * Only an empty page ends the list: a page shorter than `limit` says nothing about what follows.
 */
export class SinceIdPaginator extends ZendeskPaginator {
  constructor(
    private readonly pageSize: number,
    private readonly urls: UrlResolver,
  ) {
    super();
  }

  firstQuery(start: number | undefined): Record<string, number> {
    return start ? { since_id: start, limit: this.pageSize } : { limit: this.pageSize };
  }

  override floorOf(url: URL): number | undefined {
    const raw = url.searchParams.get("since_id");
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
  }

  /** since_id of the page being read (0 without one), and whether an empty page ended the list. */
  private current = 0;
  private ended = false;

  checkpointUpTo(next: URL | undefined): number | undefined {
    if (next) return (this.floorOf(next) ?? 0) - 1;
    // The end of the list: everything read. A failure: only what lies below this page's since_id.
    return this.ended ? undefined : this.current - 1;
  }

  protected choose(page: PageContext): NextPage {
    const { url, count, maxId, lists } = page;
    this.current = this.floorOf(url) ?? 0;
    if (count === 0) {
      this.ended = true;
      return END;
    }
    if (maxId === undefined || !Number.isFinite(maxId))
      throw new SystemError(
        `Records of ${url.pathname} carry no numeric id to page on; the ${count} records of this page were emitted, and the read stops here rather than skip the rest.`,
      );
    const current = this.current;
    if (maxId + 1 <= current) {
      // Ids before the since_id asked for: a stale or repeated page. Its records were already read
      // (the engine skips them); read this page again rather than go backwards.
      return this.reread(
        page,
        `The API answered since_id ${current} on ${url.pathname} with ids up to ${maxId} only (a repeated page?); reading it again.`,
      );
    }
    return {
      url: this.urls.resolve(url.href, { since_id: this.nextSince(maxId, lists), limit: this.pageSize }),
    };
  }

  /**
   * Where the next page starts. One list (agents), or lists none of which came full: after the
   * highest id. Several lists (bans) of which one came full: Zendesk does not say whether since_id
   * and limit apply to the lists together or to each apart, and in the second case the full list
   * may go on below the other's last id; so the next page starts after the lowest last id of the
   * full lists, and the other lists' records it brings again are dropped as repeats. With lists
   * paged together a list is full only when the others are empty, so this costs no request there.
   */
  private nextSince(maxId: number, lists: IdList[] | undefined): number {
    const full = (lists ?? []).filter((l) => l.count >= this.pageSize && l.lastId !== undefined);
    if (full.length === 0) return maxId + 1;
    return Math.min(...full.map((l) => l.lastId as number)) + 1;
  }
}
