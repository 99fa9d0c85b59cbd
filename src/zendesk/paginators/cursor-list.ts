import type { NextPage, PageContext, UrlResolver } from "../../engine/paginator.js";
import { SystemError } from "../../protocol/errors.js";
import { isObject } from "../../protocol/input-files.js";
import { ZendeskPaginator } from "./zendesk-paginator.js";

const END: NextPage = { end: true };

/**
 * A cursor-paginated list (`page[size]`, `links.next`, `meta.has_more`). Only `has_more: false`
 * ends it (an empty page that says more follows is followed). Newest-first lists also end at the
 * first page that reaches below the start: everything after it is older still.
 */
export class CursorListPaginator extends ZendeskPaginator {
  private start: number | undefined;
  /** The oldest value read so far, to check that a newest-first list really comes in that order. */
  private oldestSoFar: number | undefined;
  private outOfOrder = false;

  constructor(
    private readonly pageSize: number,
    private readonly order: "any" | "newest_first",
    private readonly urls: UrlResolver,
  ) {
    super();
  }

  firstQuery(start: number | undefined) {
    this.start = start;
    return { "page[size]": this.pageSize };
  }

  protected choose(page: PageContext): NextPage {
    const { url, body } = page;
    const envelope = isObject(body) ? body : {};
    const meta = isObject(envelope.meta) ? envelope.meta : {};
    if (this.order === "newest_first" && this.reachedStart(page)) return END;
    if (meta.has_more !== true) return END;
    const links = isObject(envelope.links) ? envelope.links : {};
    if (typeof links.next === "string" && links.next !== "" && this.urls.isApiUrl(links.next))
      return { url: this.urls.resolve(links.next) };
    if (typeof meta.after_cursor === "string" && meta.after_cursor !== "")
      return { url: this.urls.resolve(url.href, { "page[after]": meta.after_cursor }) };
    // A list has no other way in than its cursor: going on from anything else would read it again
    // from the top or skip part of it. The page's records have been emitted; the read stops.
    throw new SystemError(
      `A page of ${url.pathname} says has_more but gives no links.next or meta.after_cursor to continue from; its ${page.count} records were emitted, and the read stops here rather than end as if the list were complete.`,
    );
  }

  /**
   * True when a newest-first list has gone below the start: the rest is older. Only while the pages
   * keep that order: a page newer than one before it means the API does not sort as documented, and
   * stopping early would lose records, so the list is then read to its end.
   */
  private reachedStart(page: PageContext): boolean {
    const { oldestMicros, newestMicros } = page;
    if (!this.outOfOrder && newestMicros !== undefined && this.oldestSoFar !== undefined) {
      if (newestMicros > this.oldestSoFar) {
        this.outOfOrder = true;
        this.warnings.push(
          `${page.url.pathname} is not in newest-first order as documented; reading it to the end instead of stopping at the start.`,
        );
      }
    }
    if (oldestMicros !== undefined && (this.oldestSoFar === undefined || oldestMicros < this.oldestSoFar))
      this.oldestSoFar = oldestMicros;
    return (
      !this.outOfOrder && this.start !== undefined && oldestMicros !== undefined && oldestMicros < this.start
    );
  }
}
