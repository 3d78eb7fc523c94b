namespace KccAssistant.Ingest.Web;

/// <summary>Where a crawl stands; reported after every page.</summary>
/// <param name="PagesFetched">Page requests answered (any status), robots.txt and sitemaps not included.</param>
/// <param name="Queued">URLs waiting to be handled.</param>
/// <param name="Documents">Documents yielded.</param>
/// <param name="Unchanged">Pages found unchanged (304 or sitemap lastmod).</param>
/// <param name="Skipped">Pages skipped for any reason (robots, noindex, duplicate, failed).</param>
public sealed record CrawlProgress(int PagesFetched, int Queued, int Documents, int Unchanged, int Skipped);
