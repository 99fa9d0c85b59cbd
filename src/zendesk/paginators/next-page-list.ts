import type { NextPage, PageContext, UrlResolver } from "../../engine/paginator.js";
import { SystemError } from "../../protocol/errors.js";
import { isObject } from "../../protocol/input-files.js";
import { ZendeskPaginator } from "./zendesk-paginator.js";

const END: NextPage = { end: true };

/**
 * A list the API answers whole, or in offset pages it links (`next_page`, `count`): Zendesk Support's
 * `slas/policies` and `business_hours/schedules`, whose references document no paging parameters. The
 * first request carries none; a `next_page` into the API is followed as given; `next_page: null` (or
 * none) ends the list — unless the body's `count` says more records exist than were read, which is
 * an error rather than a quiet partial read.
 */
export class NextPageListPaginator extends ZendeskPaginator {
  private read = 0;

  constructor(private readonly urls: UrlResolver) {
    super();
  }

  firstQuery(): Record<string, string | number> {
    return {};
  }

  protected choose(page: PageContext): NextPage {
    const { url, body, count } = page;
    this.read += count;
    const envelope = isObject(body) ? body : {};
    const next = envelope.next_page;
    if (typeof next === "string" && next !== "") {
      if (this.urls.isApiUrl(next)) return { url: this.urls.resolve(next) };
      throw new SystemError(
        `The next_page of ${url.pathname} points outside the API (${next}); its ${count} records were emitted, and the read stops here rather than end as if the list were complete.`,
      );
    }
    if (typeof envelope.count === "number" && envelope.count > this.read) {
      throw new SystemError(
        `${url.pathname} says it holds ${envelope.count} records but gave ${this.read} and no next_page; the read stops here rather than end as if the list were complete.`,
      );
    }
    return END;
  }
}
