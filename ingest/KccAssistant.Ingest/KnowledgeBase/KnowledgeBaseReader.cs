using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>
/// Imports a knowledge base from a file, a folder or an http(s) URL. The format is detected per file or response:
/// Objecten API lists (paged through <c>next</c>), bare arrays or single objects holding VAC's, kennisartikelen or
/// Rijksoverheid FAQ's, and Markdown with YAML front matter. Internal fields are never read; inactive, confidential,
/// malformed and unknown items are yielded as skips, never thrown.
/// </summary>
public sealed class KnowledgeBaseReader : ISourceReader
{
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 128 };
    // Redirects only within the origin (ScopedRedirectHandler): the API token goes with every request.
    private static readonly Lazy<HttpClient> SharedHttpClient = new(() => new HttpClient(Web.ScopedRedirectHandler.CreateDefault()) { Timeout = TimeSpan.FromSeconds(100) });
    private static readonly string[] ReadableExtensions = [".json", ".md", ".markdown"];

    private readonly KnowledgeBaseReaderOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly (string Name, string Value)? _authHeader;

    /// <summary>Creates a reader for one location.</summary>
    /// <param name="options">The location and, for URLs, the auth header and page cap.</param>
    /// <param name="httpClient">Client for URL locations; a shared default client when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <param name="timeProvider">Clock for validity periods (<c>endAt</c>); the system clock when null.</param>
    /// <exception cref="ArgumentException">The location is empty or the auth header is not "Name: value".</exception>
    public KnowledgeBaseReader(
        KnowledgeBaseReaderOptions options,
        HttpClient? httpClient = null,
        ILogger<KnowledgeBaseReader>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Location))
        {
            throw new ArgumentException("The knowledge-base location (Location) is empty.", nameof(options));
        }

        if (options.MaxPages < 1)
        {
            throw new ArgumentException("MaxPages must be at least 1.", nameof(options));
        }

        _authHeader = ParseHeader(options.AuthHeader);
        _options = options;
        _http = httpClient ?? SharedHttpClient.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a reader for a file, folder or URL without authentication.</summary>
    public KnowledgeBaseReader(string location, HttpClient? httpClient = null, ILogger<KnowledgeBaseReader>? logger = null)
        : this(new KnowledgeBaseReaderOptions { Location = location }, httpClient, logger)
    {
    }

    /// <summary>The configured location.</summary>
    public string Location => _options.Location;

    /// <inheritdoc />
    public async IAsyncEnumerable<IngestItem> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var location = _options.Location.Trim();
        KnowledgeBaseLog.Reading(_logger, location, context.SourceName);
        var stopwatch = Stopwatch.StartNew();
        var run = new Run(context.SourceName, _time.GetUtcNow(), _logger);

        IAsyncEnumerable<IngestItem> items;
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            items = ReadUrlAsync(uri, run, cancellationToken);
        }
        else if (Directory.Exists(location))
        {
            items = ReadFolderAsync(location, run, cancellationToken);
        }
        else if (File.Exists(location))
        {
            items = ReadFileAsync(location, Path.GetFileName(location), run, cancellationToken);
        }
        else
        {
            items = Single(new SkippedItem(location, SkipReason.Failed, "location not found"));
        }

        if (uri is null || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // Local files are read whole anyway: count the items first so editors get a real total and time estimate.
            var all = new List<IngestItem>();
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                all.Add(item);
            }

            yield return new TotalItem(all.Count(i => i is DocumentItem or SkippedItem), TotalBasis.KnowledgeBase);
            items = all.ToAsyncEnumerable();
        }

        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            if (run.Track(item) is { } tracked)
            {
                yield return tracked;
            }
        }

        KnowledgeBaseLog.Finished(_logger, location, run.Documents, run.Skipped, stopwatch.ElapsedMilliseconds);
    }

    private async IAsyncEnumerable<IngestItem> ReadFolderAsync(string folder, Run run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder);
        var files = new List<string>();
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        foreach (var file in Directory.EnumerateFiles(root, "*", enumeration))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.Split('/').Any(part => part.StartsWith('.')))
            {
                continue;
            }

            if (ReadableExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                files.Add(relative);
            }
            else
            {
                KnowledgeBaseLog.Ignored(_logger, file);
            }
        }

        // Sorted for a stable order: the first of two items with the same id wins, run after run.
        files.Sort(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            await foreach (var item in ReadFileAsync(Path.Combine(root, relative), relative, run, cancellationToken))
            {
                yield return item;
            }
        }
    }

    private async IAsyncEnumerable<IngestItem> ReadFileAsync(string path, string relativePath, Run run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? text = null;
        string? error = null;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error = $"could not read file: {exception.GetType().Name}";
        }

        var items = text is null
            ? [new SkippedItem(path, SkipReason.Failed, error!)]
            : Parse(text, path, PathId(relativePath), Path.GetExtension(path), run, out _);
        KnowledgeBaseLog.Read(_logger, path, items.Count);
        foreach (var item in items)
        {
            yield return item;
        }
    }

    private async IAsyncEnumerable<IngestItem> ReadUrlAsync(Uri start, Run run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Uri? url = start;
        var page = 0;
        while (url is not null)
        {
            if (!visited.Add(url.AbsoluteUri))
            {
                KnowledgeBaseLog.PagingStopped(_logger, url.AbsoluteUri, page, "next link points to a page already read");
                yield return new SkippedItem(url.AbsoluteUri, SkipReason.Failed, $"paging stopped after {page} pages: next link points to a page already read");
                yield break;
            }

            if (page >= _options.MaxPages)
            {
                KnowledgeBaseLog.PagingStopped(_logger, url.AbsoluteUri, page, "page cap reached");
                yield return new SkippedItem(url.AbsoluteUri, SkipReason.Failed, $"paging stopped: at most {_options.MaxPages} pages are read (MaxPages)");
                yield break;
            }

            page++;
            var (body, error, redirectRefused) = await FetchAsync(url, cancellationToken);
            if (body is null)
            {
                KnowledgeBaseLog.Failed(_logger, url.AbsoluteUri, error!);
                if (redirectRefused)
                {
                    // What was read so far is indexed; what the refused pages held stays as it was.
                    yield return new WarningItem(url.AbsoluteUri, WarningKind.RedirectRefused, error!);
                    yield return new SkippedItem(url.AbsoluteUri, SkipReason.Failed, $"paging stopped after {page - 1} pages: {error}");
                    yield return new IncompleteItem($"{error}; documents not read in this run are kept");
                    yield break;
                }

                yield return new SkippedItem(url.AbsoluteUri, SkipReason.Failed, error!);
                yield break;
            }

            var items = Parse(body, url.AbsoluteUri, PathId(url.AbsolutePath.Trim('/')), Path.GetExtension(url.AbsolutePath), run, out var next);
            KnowledgeBaseLog.PageRead(_logger, page, url.AbsoluteUri, items.Count);
            foreach (var item in items)
            {
                yield return item;
            }

            url = null;
            if (next is not null)
            {
                if (ResolveNext(start, next, out var nextUrl) is { } refused)
                {
                    KnowledgeBaseLog.PagingStopped(_logger, start.AbsoluteUri, page, refused);
                    yield return new WarningItem(start.AbsoluteUri, WarningKind.RedirectRefused, refused);
                    yield return new SkippedItem(start.AbsoluteUri, SkipReason.Failed, $"paging stopped after {page} pages: {refused}");
                    yield return new IncompleteItem($"paging stopped after {page} pages: {refused}; documents not read in this run are kept");
                    yield break;
                }

                url = nextUrl;
            }
        }
    }

    private async Task<(string? Body, string? Error, bool Refused)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown", 0.9));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.1));
        if (_authHeader is { } header)
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                // A client without ScopedRedirectHandler hands redirects back: never follow them here.
                return (null, $"HTTP {(int)response.StatusCode}: redirect not followed", true);
            }

            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), false);
            }

            return (await response.Content.ReadAsStringAsync(cancellationToken), null, false);
        }
        catch (Web.RedirectRefusedException exception)
        {
            return (null, exception.Message, true);
        }
        catch (HttpRequestException exception)
        {
            return (null, $"request failed: {exception.HttpRequestError}", false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "request timed out", false);
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return (null, "request timed out", false);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException)
        {
            return (null, "host unavailable, not asked again for a while (circuit open)", false);
        }
    }

    /// <summary>
    /// Accepts a next link only on the origin of the start URL, because the auth header goes with it. Proxies often
    /// hand out http next links for an https API; those are upgraded rather than followed in the clear.
    /// </summary>
    private static string? ResolveNext(Uri start, string next, out Uri? url)
    {
        url = null;
        if (!Uri.TryCreate(start, next, out var resolved) || (resolved.Scheme != Uri.UriSchemeHttp && resolved.Scheme != Uri.UriSchemeHttps))
        {
            return "next link is not an http(s) URL";
        }

        if (!resolved.Host.Equals(start.Host, StringComparison.OrdinalIgnoreCase))
        {
            return "next link leaves the host of the location";
        }

        if (start.Scheme == Uri.UriSchemeHttps && resolved.Scheme == Uri.UriSchemeHttp)
        {
            var builder = new UriBuilder(resolved) { Scheme = Uri.UriSchemeHttps, Port = resolved.IsDefaultPort ? -1 : resolved.Port };
            resolved = builder.Uri;
        }

        if (resolved.Port != start.Port && !(resolved.IsDefaultPort && start.IsDefaultPort))
        {
            return "next link leaves the origin of the location";
        }

        url = resolved;
        return null;
    }

    /// <summary>Detects the format of one file or response and maps its items.</summary>
    private List<IngestItem> Parse(string text, string location, string pathId, string extension, Run run, out string? next)
    {
        next = null;
        var origin = new ItemOrigin(run.SourceName, location, null, run.Now);
        var start = FirstContentCharacter(text);
        var markdownExtension = extension.Equals(".md", StringComparison.OrdinalIgnoreCase) || extension.Equals(".markdown", StringComparison.OrdinalIgnoreCase);
        if (markdownExtension || (start is not '{' and not '[' && MarkdownArticleReader.HasFrontMatter(text)))
        {
            return [MarkdownArticleReader.Read(text, pathId, origin)];
        }

        if (start is not '{' and not '[')
        {
            return [new SkippedItem(location, SkipReason.Failed, "unknown format")];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, JsonOptions);
        }
        catch (JsonException exception)
        {
            var line = (exception.LineNumber ?? 0) + 1;
            return [new SkippedItem(location, SkipReason.Failed, $"invalid JSON at line {line}, position {(exception.BytePositionInLine ?? 0) + 1}")];
        }

        using (document)
        {
            var root = document.RootElement;
            var items = new List<IngestItem>();
            switch (KnowledgeItemMapper.Detect(root))
            {
                case JsonShape.Envelope:
                    root.TryGet(out var results, "results");
                    MapAll(results, origin, items);
                    next = root.GetText("next");
                    if (next is not null && !location.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                    {
                        KnowledgeBaseLog.NextInFileIgnored(_logger, location);
                        next = null;
                    }

                    break;
                case JsonShape.Array:
                    MapAll(root, origin, items);
                    break;
                case JsonShape.Item:
                    items.Add(KnowledgeItemMapper.Map(root, origin));
                    break;
                default:
                    items.Add(new SkippedItem(location, SkipReason.Failed, "unknown format"));
                    break;
            }

            return items;
        }
    }

    private static void MapAll(JsonElement array, ItemOrigin origin, List<IngestItem> items)
    {
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            items.Add(KnowledgeItemMapper.Map(element, origin with { Index = index }));
            index++;
        }
    }

    private static char FirstContentCharacter(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c;
            }
        }

        return '\0';
    }

    /// <summary>The id of a Markdown article without an id of its own: its path without extension.</summary>
    private static string PathId(string relativePath)
    {
        var withoutExtension = Path.ChangeExtension(relativePath, null) ?? relativePath;
        return MarkdownArticleReader.PathIdPrefix + withoutExtension.Replace('\\', '/').Trim('/');
    }

    private static (string Name, string Value)? ParseHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var colon = header.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == header.Length - 1)
        {
            throw new ArgumentException("AuthHeader must look like \"Name: value\", e.g. \"Authorization: Token ...\".", nameof(header));
        }

        return (header[..colon].Trim(), header[(colon + 1)..].Trim());
    }

    private static async IAsyncEnumerable<IngestItem> Single(IngestItem item)
    {
        await Task.CompletedTask;
        yield return item;
    }

    /// <summary>Per-run bookkeeping: ids seen (an id is indexed once per run), counts, skip logging.</summary>
    private sealed class Run(string sourceName, DateTimeOffset now, ILogger logger)
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

        public string SourceName { get; } = sourceName;

        public DateTimeOffset Now { get; } = now;

        public int Documents { get; private set; }

        public int Skipped { get; private set; }

        public IngestItem? Track(IngestItem item)
        {
            if (item is DocumentItem { Document: var document })
            {
                if (!_ids.Add(document.Id))
                {
                    item = new SkippedItem(document.Id, SkipReason.Duplicate, "an item with this id was already read in this run");
                }
                else
                {
                    Documents++;
                    KnowledgeBaseLog.Document(logger, document.Id, document.Type, document.Title);
                    return item;
                }
            }

            if (item is SkippedItem skipped)
            {
                Skipped++;
                KnowledgeBaseLog.Skipped(logger, skipped.Location, skipped.Reason, skipped.Detail);
            }

            return item;
        }
    }
}
