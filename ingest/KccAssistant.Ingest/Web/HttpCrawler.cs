using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using KccAssistant.Ingest.Pdf;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// Crawls a website over HTTP from its start URLs: robots.txt (RFC 9309), sitemaps with lastmod, conditional
/// requests, canonical URLs, duplicate detection and the limits in <see cref="CrawlerOptions"/>. Only the hosts
/// of the start URLs are ever fetched. One bad page never stops the run: it is yielded as a <see cref="SkippedItem"/>.
/// </summary>
/// <remarks>
/// Give it an <see cref="HttpClient"/> that does not follow redirects itself (see <see cref="CreateHttpHandler"/>):
/// redirects are followed here, within scope, so that loops and out-of-scope targets are recognised.
/// </remarks>
public sealed class HttpCrawler : ISourceReader
{
    private const int MaxRedirects = 5;
    private const int MaxSitemapsPerHost = 50;

    // Never worth a request: assets and media.
    private static readonly HashSet<string> IgnoredExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".css", ".js", ".mjs",
        ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".m4a", ".webm", ".avi", ".mov", ".wav", ".ogg",
        ".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".exe", ".msi", ".dmg", ".iso", ".xml", ".rss", ".atom", ".json", ".ics", ".vcf",
    };

    // Documents residents and agents would want but this crawler cannot read (PDFs it can, unless Kcc:Pdf:Enabled is
    // false): counted so editors see them.
    private static readonly HashSet<string> DocumentExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf", ".csv", ".txt",
    };

    private readonly HttpClient _http;
    private readonly CrawlerOptions _options;
    private readonly IReadOnlyList<Uri> _startUrls;
    private readonly HashSet<string> _scope;
    private readonly string[] _prefixes;
    private readonly HtmlContentExtractor _extractor;
    private readonly PdfTextExtractor _pdf;
    private readonly ILogger _logger;
    private readonly IProgress<CrawlProgress>? _progress;
    private readonly string _productToken;

    /// <summary>Creates a crawler for one configured website source.</summary>
    /// <param name="startUrls">Absolute http(s) URLs; their hosts (with port) are the crawl's scope.</param>
    /// <param name="options">Limits and manners; validated here.</param>
    /// <param name="httpClient">A client that does not follow redirects (see <see cref="CreateHttpHandler"/>).</param>
    /// <param name="logger">Logger; URLs at Debug/Information, page text only at Trace.</param>
    /// <param name="progress">Receives a <see cref="CrawlProgress"/> after every page.</param>
    /// <param name="extractor">The content extractor; a new one when omitted.</param>
    /// <param name="pdf">The PDF reader with its limits; default limits when omitted.</param>
    public HttpCrawler(
        IEnumerable<Uri> startUrls,
        CrawlerOptions options,
        HttpClient httpClient,
        ILogger<HttpCrawler>? logger = null,
        IProgress<CrawlProgress>? progress = null,
        HtmlContentExtractor? extractor = null,
        PdfTextExtractor? pdf = null)
    {
        ArgumentNullException.ThrowIfNull(startUrls);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        CrawlerOptionsValidator.ThrowIfInvalid(options);

        var starts = new List<Uri>();
        foreach (var url in startUrls)
        {
            if (!UrlNormalizer.TryNormalize(url?.OriginalString, null, out var normalized))
            {
                throw new ArgumentException($"Start URL is not an absolute http(s) URL: {url}", nameof(startUrls));
            }

            starts.Add(new Uri(normalized));
        }

        if (starts.Count == 0)
        {
            throw new ArgumentException("At least one start URL is needed.", nameof(startUrls));
        }

        _startUrls = starts;
        _scope = new HashSet<string>(starts.Select(u => u.Authority), StringComparer.OrdinalIgnoreCase);
        _prefixes = [.. (options.AllowedPathPrefixes ?? []).Select(p => p.TrimEnd('/'))];
        _options = options;
        _http = httpClient;
        _logger = logger ?? NullLogger<HttpCrawler>.Instance;
        _progress = progress;
        _extractor = extractor ?? new HtmlContentExtractor();
        _pdf = pdf ?? new PdfTextExtractor();
        _productToken = RobotsTxt.ProductToken(options.UserAgent);
    }

    /// <summary>The start URLs, normalised.</summary>
    public IReadOnlyList<Uri> StartUrls => _startUrls;

    /// <summary>
    /// The primary handler the crawler expects: no automatic redirects (followed by the crawler within scope),
    /// transport compression, and pooled connections that are recycled so DNS changes are noticed.
    /// </summary>
    public static SocketsHttpHandler CreateHttpHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        UseCookies = false,
    };

    /// <inheritdoc />
    public async IAsyncEnumerable<IngestItem> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        WebLog.CrawlStarted(_logger, context.SourceName, _startUrls.Count);

        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new CrawlRun(this, context);
        var running = new List<Task<PageOutcome>>();
        try
        {
            await run.InitializeAsync(runCancellation.Token);
            foreach (var warning in run.DrainWarnings())
            {
                yield return warning;
            }

            if (run.SitemapPages > 0)
            {
                // What the sitemaps list, with the start pages and last run's pages queued next to them, is the best
                // total there is before the crawl; links found on the way can only add to it.
                yield return new TotalItem(run.Queued, TotalBasis.Sitemap);
            }

            var maxParallel = Math.Min(16, _options.ConcurrencyPerHost * _scope.Count);

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (running.Count < maxParallel && run.TryDequeue(out var entry, out var immediate))
                {
                    if (immediate is not null)
                    {
                        yield return immediate;
                        run.ReportProgress();
                    }
                    else
                    {
                        running.Add(run.ProcessAsync(entry!, runCancellation.Token));
                    }
                }

                if (running.Count == 0)
                {
                    if (run.LimitReached)
                    {
                        // Pages the limit kept us from must not look deleted to the pipeline.
                        yield return new IncompleteItem($"Kcc:Crawler:MaxPages ({_options.MaxPages}) bereikt; niet bezochte pagina's blijven staan");
                    }

                    break;
                }

                var done = await Task.WhenAny(running);
                running.Remove(done);
                foreach (var item in run.Complete(await done))
                {
                    yield return item;
                }

                run.ReportProgress();
            }
        }
        finally
        {
            await runCancellation.CancelAsync();
            try
            {
                await Task.WhenAll(running);
            }
            catch (OperationCanceledException)
            {
                // The run is being abandoned; the caller sees its own cancellation.
            }

            WebLog.CrawlFinished(_logger, context.SourceName, run.PagesFetched, run.Documents, run.Unchanged, run.Skipped,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            run.Dispose();
        }
    }

    private bool IsInScope(Uri url, bool ignorePrefixes = false)
    {
        if (!_scope.Contains(url.Authority))
        {
            return false;
        }

        if (ignorePrefixes || _prefixes.Length == 0)
        {
            return true;
        }

        var path = url.AbsolutePath;
        foreach (var prefix in _prefixes)
        {
            if (prefix.Length == 0 || path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Extension(Uri url)
    {
        var path = url.AbsolutePath;
        var slash = path.LastIndexOf('/');
        var dot = path.LastIndexOf('.');
        return dot > slash ? path[dot..] : "";
    }

    private static bool IsHtml(string? mediaType) => mediaType is null or "text/html" or "application/xhtml+xml";

    private const string PdfMediaType = "application/pdf";

    private bool ReadsPdf => _pdf.Options.Enabled;

    private static bool IsIgnorableMediaType(string? mediaType) =>
        mediaType is not null && (mediaType.StartsWith("image/", StringComparison.Ordinal)
            || mediaType.StartsWith("font/", StringComparison.Ordinal) || mediaType.StartsWith("audio/", StringComparison.Ordinal)
            || mediaType.StartsWith("video/", StringComparison.Ordinal) || mediaType is "text/css" or "text/javascript"
            or "application/javascript" or "application/json" or "application/xml" or "text/xml" or "application/rss+xml"
            or "application/atom+xml" or "text/calendar");

    /// <param name="LinkedFrom">The page whose link put the URL in the frontier: the context of a PDF.</param>
    private sealed record FrontierEntry(Uri Url, string Key, int Depth, PdfLinkContext? LinkedFrom = null);

    private sealed record PageOutcome(FrontierEntry Entry, IngestItem? Item, string? Fingerprint, IReadOnlyList<string> Links, int Fetches)
    {
        /// <summary>The URL the page was finally read from (after redirects).</summary>
        public string Location { get; init; } = Entry.Key;

        /// <summary>Something about the page editors must know (an ignored canonical link), reported before the page.</summary>
        public WarningItem? Warning { get; init; }
    }

    private sealed class HostState(int concurrency)
    {
        public HostGate Gate { get; } = new(concurrency);

        public RobotsTxt Robots { get; set; } = RobotsTxt.AllowAll;

        public string RobotsDetail { get; set; } = "disallowed by robots.txt";

        public Queue<FrontierEntry> Queue { get; } = new();

        public int InFlight { get; set; }
    }

    // State of one ReadAsync call. The coordinator (ReadAsync's loop) owns everything except _claimed and the
    // counters of fetches, which page tasks touch while following redirects.
    private sealed class CrawlRun : IDisposable
    {
        private readonly HttpCrawler _crawler;
        private readonly SourceContext _context;
        private readonly PageFetcher _fetcher;
        private readonly Dictionary<string, HostState> _hosts = new(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, byte> _claimed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _queryVariants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _sitemapLastModified = new(StringComparer.Ordinal);

        /// <summary>In-scope pages the hosts' sitemaps listed (after loading them in <see cref="InitializeAsync"/>).</summary>
        public int SitemapPages { get; private set; }

        /// <summary>URLs waiting to be fetched.</summary>
        public int Queued => _queued;
        private readonly HashSet<string> _emittedIds = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<WarningItem> _warnings = new();
        private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);
        private readonly List<string> _hostOrder = [];
        private int _nextHost;
        private int _handled;
        private int _queued;
        private int _pagesFetched;
        private int _skipped;
        private bool _limitLogged;

        public CrawlRun(HttpCrawler crawler, SourceContext context)
        {
            _crawler = crawler;
            _context = context;
            foreach (var authority in crawler._scope)
            {
                _hosts[authority] = new HostState(crawler._options.ConcurrencyPerHost);
                _hostOrder.Add(authority);
            }

            _fetcher = new PageFetcher(crawler._http, crawler._options, GateFor, crawler._logger);
        }

        public int PagesFetched => Volatile.Read(ref _pagesFetched);

        public int Documents { get; private set; }

        public int Unchanged { get; private set; }

        public int Skipped => Volatile.Read(ref _skipped);

        private CrawlerOptions Options => _crawler._options;

        private ILogger Logger => _crawler._logger;

        public async Task InitializeAsync(CancellationToken cancellationToken)
        {
            // Hosts are independent: load their robots.txt together.
            var origins = _crawler._startUrls
                .GroupBy(u => u.Authority, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .ToList();
            await Task.WhenAll(origins.Select(u => LoadRobotsAsync(u, cancellationToken)));

            foreach (var start in _crawler._startUrls)
            {
                TryEnqueue(start, depth: 0, ignorePrefixes: true, seed: true);
            }

            if (Options.UseSitemaps)
            {
                foreach (var origin in origins)
                {
                    await LoadSitemapsAsync(origin, cancellationToken);
                }
            }

            // Pages indexed last time are visited again even when nothing links to them any more: a page unchanged
            // by lastmod or 304 is not parsed, so pages only it links to would otherwise silently drop out.
            foreach (var documentId in _context.Previous.Keys)
            {
                if (Uri.TryCreate(documentId, UriKind.Absolute, out var url))
                {
                    TryEnqueue(url, depth: Options.MaxDepth, ignorePrefixes: false, seed: true);
                }
            }
        }

        public void Dispose()
        {
            foreach (var host in _hosts.Values)
            {
                host.Gate.Dispose();
            }

            OffScopeGate.Dispose();
        }

        /// <summary>Warnings from loading robots.txt (refused redirects), reported once before the pages.</summary>
        public IEnumerable<WarningItem> DrainWarnings()
        {
            while (_warnings.TryDequeue(out var warning))
            {
                yield return warning;
            }
        }

        public void ReportProgress() =>
            _crawler._progress?.Report(new CrawlProgress(PagesFetched, _queued, Documents, Unchanged, Skipped));

        /// <summary>Whether the page limit stopped the crawl while URLs were still waiting.</summary>
        public bool LimitReached => _limitLogged;

        public bool TryDequeue(out FrontierEntry? entry, out IngestItem? immediate)
        {
            entry = null;
            immediate = null;
            if (_queued == 0)
            {
                return false;
            }

            if (_handled >= Options.MaxPages)
            {
                if (!_limitLogged)
                {
                    _limitLogged = true;
                    WebLog.MaxPagesReached(Logger, Options.MaxPages);
                }

                return false;
            }

            HostState? host = null;
            for (var i = 0; i < _hostOrder.Count; i++)
            {
                var candidate = _hosts[_hostOrder[(_nextHost + i) % _hostOrder.Count]];
                if (candidate.Queue.Count > 0 && candidate.InFlight < Options.ConcurrencyPerHost)
                {
                    host = candidate;
                    _nextHost = (_nextHost + i + 1) % _hostOrder.Count;
                    break;
                }
            }

            if (host is null)
            {
                return false;
            }

            var next = host.Queue.Dequeue();
            _queued--;

            if (!host.Robots.IsAllowed(next.Url))
            {
                immediate = Skip(next.Key, SkipReason.Robots, host.RobotsDetail);
                return true;
            }

            _handled++;
            var extension = Extension(next.Url);
            if (DocumentExtensions.Contains(extension) && !(ReadsPdfExtension(extension)))
            {
                immediate = Skip(next.Key, SkipReason.Failed, $"unsupported content type ({extension})");
                return true;
            }

            if (_sitemapLastModified.TryGetValue(next.Key, out var lastmod)
                && _context.Previous.TryGetValue(next.Key, out var previous)
                && previous.LastModified is { } known
                && lastmod <= known
                && _emittedIds.Add(previous.DocumentId))
            {
                Unchanged++;
                immediate = new UnchangedItem(previous.DocumentId);
                return true;
            }

            host.InFlight++;
            entry = next;
            return true;
        }

        private bool ReadsPdfExtension(string extension) =>
            _crawler.ReadsPdf && extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase);

        public async Task<PageOutcome> ProcessAsync(FrontierEntry entry, CancellationToken cancellationToken)
        {
            try
            {
                return await FetchPageAsync(entry, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // One bad page never stops the run.
                return new PageOutcome(entry, Failed(entry.Key, $"{ex.GetType().Name}: {ex.Message}"), null, [], 0);
            }
        }

        public IEnumerable<IngestItem> Complete(PageOutcome outcome)
        {
            _hosts[outcome.Entry.Url.Authority].InFlight--;

            var context = outcome.Item is DocumentItem { Document: var page } ? new PdfLinkContext(page.Url, page.Title) : null;
            foreach (var link in outcome.Links)
            {
                if (outcome.Entry.Depth < Options.MaxDepth && Uri.TryCreate(link, UriKind.Absolute, out var url))
                {
                    TryEnqueue(url, outcome.Entry.Depth + 1, ignorePrefixes: false, seed: false, context);
                }
            }

            if (outcome.Warning is { } warning)
            {
                yield return warning;
            }

            switch (outcome.Item)
            {
                case DocumentItem document:
                    var id = document.Document.Id;
                    if (_emittedIds.Contains(id))
                    {
                        yield return Skip(outcome.Location, SkipReason.Duplicate, $"already indexed as {id}");
                        yield break;
                    }

                    if (outcome.Fingerprint is not null && _fingerprints.TryGetValue(outcome.Fingerprint, out var original))
                    {
                        yield return Skip(outcome.Location, SkipReason.Duplicate, $"same content as {original}");
                        yield break;
                    }

                    _emittedIds.Add(id);
                    if (outcome.Fingerprint is not null)
                    {
                        _fingerprints[outcome.Fingerprint] = id;
                    }

                    Documents++;
                    yield return document;
                    break;
                case UnchangedItem unchanged:
                    if (_emittedIds.Add(unchanged.DocumentId))
                    {
                        Unchanged++;
                        yield return unchanged;
                    }

                    break;
                case SkippedItem skipped:
                    yield return skipped;
                    break;
            }
        }

        private HostGate GateFor(Uri url) =>
            _hosts.TryGetValue(url.Authority, out var host) ? host.Gate : OffScopeGate;

        // robots.txt redirects may leave the scope (RFC 9309 allows following them); such requests share one slot.
        private HostGate OffScopeGate { get; } = new(1);

        private bool TryEnqueue(Uri url, int depth, bool ignorePrefixes, bool seed, PdfLinkContext? linkedFrom = null)
        {
            if (!UrlNormalizer.TryNormalize(url.OriginalString, null, out var key))
            {
                return false;
            }

            var normalized = new Uri(key);
            if (!_crawler.IsInScope(normalized, ignorePrefixes) || IgnoredExtensions.Contains(Extension(normalized)))
            {
                return false;
            }

            if (!seed && normalized.Query.Length > 1)
            {
                var pathKey = normalized.GetLeftPart(UriPartial.Path);
                if (_claimed.ContainsKey(key))
                {
                    return false;
                }

                var variants = _queryVariants.GetValueOrDefault(pathKey);
                if (variants >= Options.MaxQueryVariantsPerPath)
                {
                    if (variants == Options.MaxQueryVariantsPerPath)
                    {
                        WebLog.QueryVariantLimit(Logger, pathKey, Options.MaxQueryVariantsPerPath);
                        _queryVariants[pathKey] = variants + 1;
                    }

                    return false;
                }

                _queryVariants[pathKey] = variants + 1;
            }

            if (!_claimed.TryAdd(key, 0))
            {
                return false;
            }

            _hosts[normalized.Authority].Queue.Enqueue(new FrontierEntry(normalized, key, depth, linkedFrom));
            _queued++;
            return true;
        }

        private async Task LoadRobotsAsync(Uri origin, CancellationToken cancellationToken)
        {
            var host = _hosts[origin.Authority];
            var url = new Uri(origin, "/robots.txt");
            var request = new FetchRequest(RobotsTxt.MaxBytes, TruncateAboveMax: true, AcceptMediaType: static _ => true) { Accept = "text/plain,*/*;q=0.5" };
            for (var hop = 0; hop <= MaxRedirects; hop++)
            {
                var result = await _fetcher.FetchAsync(url, request, cancellationToken);
                switch (result.Kind)
                {
                    case FetchKind.Ok:
                        host.Robots = RobotsTxt.Parse(PageFetcher.Decode(result.Body!, result.Charset), Options.UserAgent);
                        if (host.Robots.CrawlDelay is { } delay)
                        {
                            host.Gate.CrawlDelay = delay < Options.MaxDelay ? delay : Options.MaxDelay;
                        }

                        WebLog.RobotsLoaded(Logger, origin.GetLeftPart(UriPartial.Authority), $"HTTP {result.Status}, {host.Robots.Sitemaps.Count} sitemap(s), crawl-delay {host.Gate.CrawlDelay.TotalSeconds:0.##} s");
                        return;
                    case FetchKind.Redirect:
                        // Only within the crawl's hosts: a robots.txt pointing elsewhere would make the crawler
                        // request any URL the site names (blind SSRF). Not followed, it is unavailable (RFC 9309 2.3.1.3).
                        if (!_crawler.IsInScope(result.Location!, ignorePrefixes: true))
                        {
                            var target = result.Location!;
                            host.Robots = RobotsTxt.AllowAll;
                            var detail = $"robots.txt redirects to {target.Scheme}://{target.Authority}, outside the source; not followed, crawled as if there were no robots.txt";
                            _warnings.Enqueue(new WarningItem(url.AbsoluteUri, WarningKind.RedirectRefused, detail));
                            WebLog.RobotsLoaded(Logger, origin.GetLeftPart(UriPartial.Authority), detail);
                            return;
                        }

                        url = result.Location!;
                        continue;
                    case FetchKind.NotFound:
                    case FetchKind.HttpError when result.Status is >= 400 and < 500 and not 429:
                        // RFC 9309 2.3.1.3: robots.txt unavailable, crawl as if there were none.
                        host.Robots = RobotsTxt.AllowAll;
                        WebLog.RobotsLoaded(Logger, origin.GetLeftPart(UriPartial.Authority), $"HTTP {result.Status}: no robots.txt, all allowed");
                        return;
                    default:
                        // RFC 9309 2.3.1.4: unreachable (5xx, network error, timeout): assume complete disallow.
                        host.Robots = RobotsTxt.DisallowAll;
                        host.RobotsDetail = $"robots.txt unreachable ({result.Detail}): all disallowed";
                        WebLog.RobotsLoaded(Logger, origin.GetLeftPart(UriPartial.Authority), host.RobotsDetail);
                        return;
                }
            }

            // RFC 9309 2.3.1.2: more than five redirects may be treated as unavailable.
            host.Robots = RobotsTxt.AllowAll;
            WebLog.RobotsLoaded(Logger, origin.GetLeftPart(UriPartial.Authority), "too many redirects: all allowed");
        }

        private async Task LoadSitemapsAsync(Uri origin, CancellationToken cancellationToken)
        {
            var host = _hosts[origin.Authority];
            var pending = new Queue<(Uri Url, int Level)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var listed in host.Robots.Sitemaps.Append("/sitemap.xml"))
            {
                if (UrlNormalizer.TryNormalize(listed, origin, out var key) && seen.Add(key))
                {
                    pending.Enqueue((new Uri(key), 0));
                }
            }

            var request = new FetchRequest(SitemapParser.MaxUncompressedBytes, TruncateAboveMax: false, AcceptMediaType: static _ => true)
            {
                Accept = "application/xml,text/xml;q=0.9,*/*;q=0.5",
            };
            var fetched = 0;
            while (pending.Count > 0 && fetched < MaxSitemapsPerHost)
            {
                var (url, level) = pending.Dequeue();
                if (!_crawler.IsInScope(url, ignorePrefixes: true) || !_hosts[url.Authority].Robots.IsAllowed(url))
                {
                    continue;
                }

                fetched++;
                var result = await _fetcher.FetchAsync(url, request, cancellationToken);
                if (result.Kind != FetchKind.Ok)
                {
                    WebLog.SitemapFailed(Logger, url.AbsoluteUri, result.Detail);
                    continue;
                }

                Sitemap sitemap;
                try
                {
                    sitemap = SitemapParser.Parse(result.Body);
                }
                catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException)
                {
                    WebLog.SitemapFailed(Logger, url.AbsoluteUri, ex.Message);
                    continue;
                }

                WebLog.SitemapLoaded(Logger, url.AbsoluteUri, sitemap.Entries.Count);
                foreach (var entry in sitemap.Entries)
                {
                    if (!UrlNormalizer.TryNormalize(entry.Location, url, out var key))
                    {
                        continue;
                    }

                    if (sitemap.IsIndex)
                    {
                        if (level < 3 && seen.Add(key))
                        {
                            pending.Enqueue((new Uri(key), level + 1));
                        }

                        continue;
                    }

                    if (entry.LastModified is { } lastmod)
                    {
                        _sitemapLastModified[key] = lastmod;
                    }

                    if (TryEnqueue(new Uri(key), depth: 0, ignorePrefixes: false, seed: true) || _claimed.ContainsKey(key))
                    {
                        SitemapPages++;
                    }
                }
            }
        }

        private async Task<PageOutcome> FetchPageAsync(FrontierEntry entry, CancellationToken cancellationToken)
        {
            var url = entry.Url;
            var key = entry.Key;
            var chain = new HashSet<string>(StringComparer.Ordinal) { key };
            var fetches = 0;
            for (var hop = 0; ; hop++)
            {
                _context.Previous.TryGetValue(key, out var previous);
                var request = new FetchRequest(Options.MaxPageBytes, TruncateAboveMax: false, AcceptMediaType: AcceptsMediaType)
                {
                    Accept = _crawler.ReadsPdf ? "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,*/*;q=0.1" : "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                    PdfMaxBytes = _crawler.ReadsPdf ? _crawler._pdf.Options.MaxBytes : null,
                    IfNoneMatch = previous?.ETag,
                    IfModifiedSince = previous?.HttpLastModified,
                };
                var result = await _fetcher.FetchAsync(url, request, cancellationToken);
                if (result.Answered)
                {
                    fetches++;
                    Interlocked.Increment(ref _pagesFetched);
                }

                switch (result.Kind)
                {
                    case FetchKind.Redirect:
                        var target = result.Location!;
                        if (!UrlNormalizer.TryNormalize(target.OriginalString, null, out var targetKey))
                        {
                            return Outcome(entry, Failed(key, $"redirect to a non-http URL ({result.Status})"), fetches);
                        }

                        WebLog.Redirected(Logger, key, targetKey, result.Status);
                        if (chain.Contains(targetKey))
                        {
                            return Outcome(entry, Failed(entry.Key, $"redirect loop at {targetKey}"), fetches);
                        }

                        if (hop >= MaxRedirects)
                        {
                            return Outcome(entry, Failed(entry.Key, $"more than {MaxRedirects} redirects"), fetches);
                        }

                        var targetUrl = new Uri(targetKey);
                        if (!_crawler.IsInScope(targetUrl))
                        {
                            // Like a link to another site: not ours to fetch, not a failure; editors still hear of it.
                            WebLog.Skipped(Logger, entry.Key, "OutOfScope", $"redirects to {targetKey}");
                            return Outcome(entry, null, fetches) with
                            {
                                Warning = new WarningItem(entry.Key, WarningKind.RedirectRefused, $"redirects to {targetUrl.Scheme}://{targetUrl.Authority}, outside the source; not followed"),
                            };
                        }

                        var targetHost = _hosts[targetUrl.Authority];
                        if (!targetHost.Robots.IsAllowed(targetUrl))
                        {
                            return Outcome(entry, Skip(targetKey, SkipReason.Robots, targetHost.RobotsDetail), fetches);
                        }

                        if (!_claimed.TryAdd(targetKey, 0))
                        {
                            // The target is queued or fetched on its own.
                            return Outcome(entry, null, fetches);
                        }

                        chain.Add(targetKey);
                        url = targetUrl;
                        key = targetKey;
                        continue;
                    case FetchKind.NotModified:
                        return previous is null
                            ? Outcome(entry, Failed(key, "HTTP 304 to an unconditional request"), fetches)
                            : Outcome(entry, new UnchangedItem(previous.DocumentId), fetches);
                    case FetchKind.NotFound:
                        // Gone: the pipeline drops documents that are not seen in a run.
                        return Outcome(entry, null, fetches);
                    case FetchKind.UnsupportedType when IsIgnorableMediaType(result.MediaType):
                        return Outcome(entry, null, fetches);
                    case FetchKind.Ok:
                        return Extract(entry, url, key, result, fetches);
                    default:
                        return Outcome(entry, Failed(key, result.Detail), fetches);
                }
            }
        }

        private bool AcceptsMediaType(string? mediaType) => IsHtml(mediaType) || (_crawler.ReadsPdf && mediaType == PdfMediaType);

        // A PDF is a document of its own: its URL, its title, its pages as citations, and the page linking to it as context.
        private PageOutcome ExtractPdf(FrontierEntry entry, string key, FetchResult result, int fetches)
        {
            var (headerNoIndex, _) = HtmlContentExtractor.ParseRobotsDirectives(ApplicableRobotsTags(result.RobotsTags));
            if (headerNoIndex)
            {
                return Outcome(entry, Skip(key, SkipReason.NoIndex, "X-Robots-Tag noindex"), fetches);
            }

            var read = _crawler._pdf.Read(result.Body!, new PdfSource(_context.SourceName, key)
            {
                LinkedFrom = entry.LinkedFrom,
                ETag = result.ETag,
                HttpLastModified = result.LastModified,
            });
            if (read.Item is SkippedItem skipped)
            {
                return Outcome(entry, skipped.Reason == SkipReason.Failed ? Failed(skipped.Location, skipped.Detail) : Skip(skipped.Location, skipped.Reason, skipped.Detail), fetches);
            }

            if (Logger.IsEnabled(LogLevel.Trace) && read.Item is DocumentItem pdf)
            {
                WebLog.PageText(Logger, key, string.Join("\n\n", pdf.Document.Sections.Select(s => $"## {s.Heading}\n{s.Text}")));
            }

            return new PageOutcome(entry, read.Item, read.Fingerprint, [], fetches) { Location = key };
        }

        private PageOutcome Extract(FrontierEntry entry, Uri url, string key, FetchResult result, int fetches)
        {
            if (result.MediaType == PdfMediaType)
            {
                return ExtractPdf(entry, key, result, fetches);
            }

            var html = PageFetcher.Decode(result.Body!, result.Charset);
            var page = _crawler._extractor.Extract(html, url, result.LastModified);
            if (Logger.IsEnabled(LogLevel.Trace))
            {
                WebLog.PageText(Logger, key, string.Join("\n\n", page.Sections.Select(s => $"## {s.Heading}\n{s.Text}")));
            }

            var (headerNoIndex, headerNoFollow) = HtmlContentExtractor.ParseRobotsDirectives(ApplicableRobotsTags(result.RobotsTags));
            var links = page.NoFollow || headerNoFollow ? [] : page.Links;
            if (page.NoIndex || headerNoIndex)
            {
                return new PageOutcome(entry, Skip(key, SkipReason.NoIndex, page.NoIndex ? "meta robots noindex" : "X-Robots-Tag noindex"), null, links, fetches);
            }

            if (page.TextLength == 0)
            {
                return new PageOutcome(entry, Failed(key, "no main content found"), null, links, fetches);
            }

            var documentUrl = key;
            if (page.CanonicalUrl is { } canonical && canonical != key
                && Uri.TryCreate(canonical, UriKind.Absolute, out var canonicalUrl) && _crawler.IsInScope(canonicalUrl))
            {
                documentUrl = canonical;
            }

            // A canonical on another host (a phishing page) or with another scheme never becomes the citation URL.
            var warning = page.CanonicalWarning(key, canonical => _crawler.IsInScope(canonical));
            var document = page.ToDocument(_context.SourceName, documentUrl, result.ETag, result.LastModified);
            return new PageOutcome(entry, new DocumentItem(document), page.ContentFingerprint, links, fetches) { Location = key, Warning = warning };
        }

        // X-Robots-Tag values may be scoped to one crawler ("KccAssistantBot: noindex"); others apply to all.
        private IEnumerable<string> ApplicableRobotsTags(IReadOnlyList<string> values)
        {
            foreach (var value in values)
            {
                var colon = value.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    var agent = value[..colon].Trim();
                    if (agent.Length > 0 && agent.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                        && !agent.Equals("unavailable_after", StringComparison.OrdinalIgnoreCase))
                    {
                        if (agent.Equals(_crawler._productToken, StringComparison.OrdinalIgnoreCase))
                        {
                            yield return value[(colon + 1)..];
                        }

                        continue;
                    }
                }

                yield return value;
            }
        }

        private static PageOutcome Outcome(FrontierEntry entry, IngestItem? item, int fetches) => new(entry, item, null, [], fetches);

        private SkippedItem Failed(string location, string detail)
        {
            WebLog.Failed(Logger, location, detail);
            Interlocked.Increment(ref _skipped);
            return new SkippedItem(location, SkipReason.Failed, detail);
        }

        private SkippedItem Skip(string location, SkipReason reason, string detail)
        {
            if (reason != SkipReason.Failed)
            {
                WebLog.Skipped(Logger, location, reason.ToString(), detail);
            }

            Interlocked.Increment(ref _skipped);
            return new SkippedItem(location, reason, detail);
        }
    }
}
