using Microsoft.Extensions.Logging;

namespace KccAssistant.Ingest.Web;

// URLs and status codes at Debug/Information; page text only at Trace.
internal static partial class WebLog
{
    [LoggerMessage(1, LogLevel.Information, "Crawl of source {SourceName} started with {StartUrls} start URL(s)")]
    public static partial void CrawlStarted(ILogger logger, string sourceName, int startUrls);

    [LoggerMessage(2, LogLevel.Information, "Crawl of source {SourceName} finished: {Fetched} pages fetched, {Documents} documents, {Unchanged} unchanged, {Skipped} skipped in {ElapsedMs} ms")]
    public static partial void CrawlFinished(ILogger logger, string sourceName, int fetched, int documents, int unchanged, int skipped, long elapsedMs);

    [LoggerMessage(3, LogLevel.Debug, "GET {Url} -> {Status} in {ElapsedMs} ms")]
    public static partial void Fetched(ILogger logger, string url, int status, long elapsedMs);

    [LoggerMessage(4, LogLevel.Debug, "Skipped {Url}: {Reason} ({Detail})")]
    public static partial void Skipped(ILogger logger, string url, string reason, string detail);

    [LoggerMessage(5, LogLevel.Information, "Failed {Url}: {Detail}")]
    public static partial void Failed(ILogger logger, string url, string detail);

    [LoggerMessage(7, LogLevel.Information, "robots.txt of {Origin}: {Outcome}")]
    public static partial void RobotsLoaded(ILogger logger, string origin, string outcome);

    [LoggerMessage(8, LogLevel.Information, "Sitemap {Url}: {Entries} entries")]
    public static partial void SitemapLoaded(ILogger logger, string url, int entries);

    [LoggerMessage(9, LogLevel.Debug, "Sitemap {Url} not read: {Detail}")]
    public static partial void SitemapFailed(ILogger logger, string url, string detail);

    [LoggerMessage(10, LogLevel.Warning, "Crawl stopped at the page limit of {MaxPages}; pages not reached will be missing from the index")]
    public static partial void MaxPagesReached(ILogger logger, int maxPages);

    [LoggerMessage(11, LogLevel.Debug, "Not following {Url}: more than {Limit} query variants of its path")]
    public static partial void QueryVariantLimit(ILogger logger, string url, int limit);

    [LoggerMessage(12, LogLevel.Trace, "Text of {Url}: {Text}")]
    public static partial void PageText(ILogger logger, string url, string text);

    [LoggerMessage(13, LogLevel.Debug, "Redirect {From} -> {To} ({Status})")]
    public static partial void Redirected(ILogger logger, string from, string to, int status);

    [LoggerMessage(14, LogLevel.Information, "Reading saved site {Folder} as {BaseUrl}")]
    public static partial void FolderStarted(ILogger logger, string folder, string baseUrl);

    [LoggerMessage(15, LogLevel.Information, "Saved site {Folder}: {Documents} documents, {Skipped} skipped")]
    public static partial void FolderFinished(ILogger logger, string folder, int documents, int skipped);
}
