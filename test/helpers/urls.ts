/** A PaginatorFactory on a fixed base URL, as the HTTP client would build it, for paginator unit tests. */
export function urlFactory(baseUrl: string) {
  const base = new URL(baseUrl);
  return {
    resolve(target: string, query?: Record<string, string | number | undefined>) {
      const url = new URL(target, base);
      for (const [k, v] of Object.entries(query ?? {}))
        if (v !== undefined) url.searchParams.set(k, String(v));
      return url;
    },
    isApiUrl(target: string) {
      const url = new URL(target);
      return url.origin === base.origin && url.pathname.startsWith(base.pathname);
    },
  };
}
