using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using KccAssistant.Ingest.Pdf;
using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// Reads a saved copy of a website from a folder (*.html and *.htm, recursively) as if it had been crawled: the
/// URL of a page is its absolute &lt;link rel=canonical&gt;, else the base URL plus the file's path without
/// ".html" ("diensten/index.html" becomes "/diensten"). Honours noindex and the folder's robots.txt, and skips
/// pages with the same URL or content as one already read. PDFs in the folder are read after the pages, each as a
/// document of its own under the base URL plus its path ("documenten/tarieven.pdf"), with the first page linking to it
/// as context.
/// </summary>
public sealed partial class SiteFolderReader : ISourceReader
{
    private readonly string _folder;
    private readonly Uri? _baseUrl;
    private readonly CrawlerOptions _options;
    private readonly HtmlContentExtractor _extractor;
    private readonly PdfTextExtractor _pdf;
    private readonly ILogger _logger;

    // The canonical warning of the page ReadPageAsync just read; the reader reads one page at a time.
    private WarningItem? _pendingWarning;

    // The PDF links of the page ReadPageAsync just read.
    private IReadOnlyList<string>? _pendingLinks;

    /// <summary>Creates a reader for one saved site.</summary>
    /// <param name="folder">The folder holding the saved pages.</param>
    /// <param name="baseUrl">
    /// Where the site lives; when null it is taken from the folder's robots.txt Sitemap line or sitemap.xml, and reading
    /// fails when neither names one.
    /// </param>
    /// <param name="options">Crawler options: the User-Agent matched against robots.txt and the page size cap.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="extractor">The content extractor; a new one when omitted.</param>
    /// <param name="pdf">The PDF reader with its limits; default limits when omitted.</param>
    public SiteFolderReader(string folder, Uri? baseUrl = null, CrawlerOptions? options = null, ILogger<SiteFolderReader>? logger = null, HtmlContentExtractor? extractor = null, PdfTextExtractor? pdf = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (baseUrl is not null && !UrlNormalizer.TryNormalize(baseUrl.OriginalString, null, out _))
        {
            throw new ArgumentException($"Base URL is not an absolute http(s) URL: {baseUrl}", nameof(baseUrl));
        }

        _folder = Path.GetFullPath(folder);
        _baseUrl = baseUrl;
        _options = options ?? new CrawlerOptions();
        CrawlerOptionsValidator.ThrowIfInvalid(_options);
        _extractor = extractor ?? new HtmlContentExtractor();
        _pdf = pdf ?? new PdfTextExtractor();
        _logger = logger ?? NullLogger<SiteFolderReader>.Instance;
    }

    /// <summary>The folder being read.</summary>
    public string Folder => _folder;

    /// <summary>True for a folder that looks like a saved site (holds at least one .html or .htm file).</summary>
    public static bool IsSiteFolder(string path) =>
        Directory.Exists(path) && EnumeratePages(path).Any();

    /// <summary>The site's base URL as the folder's robots.txt (Sitemap line) or sitemap.xml (first loc) names it, or null.</summary>
    public static Uri? DetectBaseUrl(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var robots = Path.Combine(folder, "robots.txt");
        if (File.Exists(robots))
        {
            foreach (var sitemap in RobotsTxt.Parse(File.ReadAllText(robots), CrawlerOptions.DefaultUserAgent).Sitemaps)
            {
                if (Origin(sitemap) is { } origin)
                {
                    return origin;
                }
            }
        }

        var sitemapPath = Path.Combine(folder, "sitemap.xml");
        if (File.Exists(sitemapPath))
        {
            var head = File.ReadAllText(sitemapPath);
            var loc = SitemapLoc().Match(head);
            if (loc.Success && Origin(loc.Groups[1].Value.Trim()) is { } origin)
            {
                return origin;
            }
        }

        return null;

        static Uri? Origin(string url) =>
            UrlNormalizer.TryNormalize(url, null, out var normalized) ? new Uri(new Uri(normalized).GetLeftPart(UriPartial.Authority) + "/") : null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<IngestItem> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Directory.Exists(_folder))
        {
            throw new DirectoryNotFoundException($"Saved site folder not found: {_folder}");
        }

        var baseUrl = _baseUrl ?? DetectBaseUrl(_folder)
            ?? throw new InvalidOperationException($"No base URL for the saved site in {_folder}: configure one, or add a robots.txt Sitemap line or a sitemap.xml.");
        if (!baseUrl.AbsolutePath.EndsWith('/'))
        {
            baseUrl = new Uri(baseUrl.GetLeftPart(UriPartial.Path) + "/");
        }

        WebLog.FolderStarted(_logger, _folder, baseUrl.AbsoluteUri);
        var robotsPath = Path.Combine(_folder, "robots.txt");
        var robots = File.Exists(robotsPath)
            ? RobotsTxt.Parse(await File.ReadAllTextAsync(robotsPath, cancellationToken), _options.UserAgent)
            : RobotsTxt.AllowAll;

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        int documents = 0, skipped = 0;
        var pages = EnumeratePages(_folder).Order(StringComparer.Ordinal).ToList();
        var pdfs = _pdf.Options.Enabled ? EnumeratePdfs(_folder).Order(StringComparer.Ordinal).ToList() : [];
        var linkedFrom = new Dictionary<string, PdfLinkContext>(StringComparer.Ordinal);
        // Every page and PDF file yields exactly one item (document, warning aside, or skip): the folder is the exact total.
        yield return new TotalItem(pages.Count + pdfs.Count, TotalBasis.Folder);
        foreach (var path in pages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(_folder, path).Replace(Path.DirectorySeparatorChar, '/');
            var fileUrl = UrlFor(baseUrl, relative);
            var (item, fingerprint) = await ReadPageAsync(context.SourceName, path, relative, fileUrl, baseUrl, robots, cancellationToken);
            if (item is DocumentItem { Document: var read } && _pendingWarning is { } warning)
            {
                _pendingWarning = null;
                yield return warning with { Location = read.Url };
            }

            if (item is DocumentItem { Document: var linking } && _pendingLinks is { } links)
            {
                foreach (var link in links)
                {
                    linkedFrom.TryAdd(link, new PdfLinkContext(linking.Url, linking.Title));
                }
            }

            if (item is DocumentItem document)
            {
                var id = document.Document.Id;
                if (ids.Contains(id))
                {
                    item = new SkippedItem(relative, SkipReason.Duplicate, $"already indexed as {id}");
                }
                else if (fingerprints.TryGetValue(fingerprint!, out var original))
                {
                    item = new SkippedItem(relative, SkipReason.Duplicate, $"same content as {original}");
                }
                else
                {
                    ids.Add(id);
                    fingerprints[fingerprint!] = id;
                    documents++;
                }
            }

            if (item is SkippedItem skip)
            {
                skipped++;
                WebLog.Skipped(_logger, skip.Location, skip.Reason.ToString(), skip.Detail);
            }

            yield return item;
        }

        foreach (var path in pdfs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(_folder, path).Replace(Path.DirectorySeparatorChar, '/');
            var url = PdfUrlFor(baseUrl, relative);
            IngestItem item;
            if (!robots.IsAllowed(new Uri(url)))
            {
                item = new SkippedItem(url, SkipReason.Robots, "disallowed by robots.txt");
            }
            else if (new FileInfo(path).Length > _pdf.Options.MaxBytes)
            {
                item = new SkippedItem(url, SkipReason.Failed, $"too large (more than {_pdf.Options.MaxBytes} bytes)");
            }
            else
            {
                var read = _pdf.Read(await File.ReadAllBytesAsync(path, cancellationToken), new PdfSource(context.SourceName, url)
                {
                    LinkedFrom = CanonicalLinkedFrom(linkedFrom, url, baseUrl),
                });
                item = read.Item;
                if (item is DocumentItem { Document.Id: var id })
                {
                    if (!ids.Add(id) || (read.Fingerprint is { } fingerprint && !fingerprints.TryAdd(fingerprint, id)))
                    {
                        item = new SkippedItem(relative, SkipReason.Duplicate, $"same content as {fingerprints.GetValueOrDefault(read.Fingerprint ?? "", id)}");
                    }
                    else
                    {
                        documents++;
                    }
                }
            }

            if (item is SkippedItem skip)
            {
                skipped++;
                WebLog.Skipped(_logger, skip.Location, skip.Reason.ToString(), skip.Detail);
            }

            yield return item;
        }

        WebLog.FolderFinished(_logger, _folder, documents, skipped);
    }

    // Saved pages link to "documenten/x.pdf" relative to the file, or absolutely to the real site: both name the PDF's URL.
    private static PdfLinkContext? CanonicalLinkedFrom(Dictionary<string, PdfLinkContext> linkedFrom, string url, Uri baseUrl)
    {
        if (linkedFrom.TryGetValue(url, out var context))
        {
            return context;
        }

        var path = new Uri(url).AbsolutePath;
        return linkedFrom.FirstOrDefault(l => Uri.TryCreate(l.Key, UriKind.Absolute, out var link) && link.AbsolutePath == path && IsSameSite(link, baseUrl)).Value;
    }

    private async Task<(IngestItem Item, string? Fingerprint)> ReadPageAsync(
        string sourceName, string path, string relative, string fileUrl, Uri baseUrl, RobotsTxt robots, CancellationToken cancellationToken)
    {
        _pendingWarning = null;
        _pendingLinks = null;
        ExtractedPage page;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > _options.MaxPageBytes)
            {
                return (new SkippedItem(relative, SkipReason.Failed, $"too large (more than {_options.MaxPageBytes} bytes)"), null);
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            page = _extractor.Extract(PageFetcher.Decode(bytes, charset: null), new Uri(fileUrl));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return (new SkippedItem(relative, SkipReason.Failed, $"{ex.GetType().Name}: {ex.Message}"), null);
        }

        // Saved copies often rewrite canonical links to relative file paths; only an absolute canonical names the real
        // URL, and only on the site's own host: a canonical elsewhere (a phishing page) never becomes the citation URL.
        var documentUrl = page.CanonicalUrl is { } canonical && !page.CanonicalIsRelative && IsSameSite(new Uri(canonical), baseUrl) ? canonical : fileUrl;
        _pendingWarning = page.CanonicalIsRelative ? null : page.CanonicalWarning(relative, url => IsSameSite(url, baseUrl));
        if (!robots.IsAllowed(new Uri(fileUrl)) || !robots.IsAllowed(new Uri(documentUrl)))
        {
            return (new SkippedItem(documentUrl, SkipReason.Robots, "disallowed by robots.txt"), null);
        }

        if (page.NoIndex)
        {
            return (new SkippedItem(documentUrl, SkipReason.NoIndex, "meta robots noindex"), null);
        }

        if (page.TextLength == 0)
        {
            return (new SkippedItem(relative, SkipReason.Failed, "no main content found"), null);
        }

        if (_logger.IsEnabled(LogLevel.Trace))
        {
            WebLog.PageText(_logger, documentUrl, string.Join("\n\n", page.Sections.Select(s => $"## {s.Heading}\n{s.Text}")));
        }

        _pendingLinks = [.. page.Links.Where(PdfTextExtractor.IsPdfPath)];
        return (new DocumentItem(page.ToDocument(sourceName, documentUrl)), page.ContentFingerprint);
    }

    /// <summary>The same host as the base URL, "www." or not, over http or https.</summary>
    private static bool IsSameSite(Uri url, Uri baseUrl)
    {
        static string Host(Uri uri) => uri.IdnHost.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.IdnHost[4..] : uri.IdnHost;

        return (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && string.Equals(Host(url), Host(baseUrl), StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> EnumeratePages(string folder) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(p => p.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".htm", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> EnumeratePdfs(string folder) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(PdfTextExtractor.IsPdfPath);

    /// <summary>"documenten/tarieven 2026.pdf" → base + "documenten/tarieven%202026.pdf": a PDF keeps its file name.</summary>
    internal static string PdfUrlFor(Uri baseUrl, string relativePath)
    {
        var path = string.Join('/', relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        return UrlNormalizer.TryNormalize(path, baseUrl, out var url) ? url : UrlNormalizer.Normalize(baseUrl);
    }

    /// <summary>"diensten/paspoort.html" → base + "diensten/paspoort"; "diensten/index.html" → base + "diensten"; "index.html" → base.</summary>
    internal static string UrlFor(Uri baseUrl, string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 0)
        {
            var last = Path.GetFileNameWithoutExtension(segments[^1]);
            if (string.Equals(last, "index", StringComparison.OrdinalIgnoreCase))
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else
            {
                segments[^1] = last;
            }
        }

        var path = string.Join('/', segments.Select(Uri.EscapeDataString));
        return path.Length > 0 && UrlNormalizer.TryNormalize(path, baseUrl, out var url) ? url : UrlNormalizer.Normalize(baseUrl);
    }

    [GeneratedRegex(@"<loc>\s*([^<\s]+)\s*</loc>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SitemapLoc();
}
