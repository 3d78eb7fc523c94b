using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Ingest.Web;

internal enum FetchKind
{
    Ok,
    NotModified,
    Redirect,
    NotFound,
    HttpError,
    UnsupportedType,
    TooLarge,
    Failed,
}

/// <summary>The outcome of one GET after the pipeline's retries. Never holds a live response: the body is read or discarded.</summary>
internal sealed record FetchResult(FetchKind Kind, int Status, string Detail)
{
    public Uri? Location { get; init; }

    public byte[]? Body { get; init; }

    public string? MediaType { get; init; }

    public string? Charset { get; init; }

    public string? ETag { get; init; }

    public string? LastModified { get; init; }

    public IReadOnlyList<string> RobotsTags { get; init; } = [];

    public int Attempts { get; init; }

    /// <summary>True when a server answered at all (any status).</summary>
    public bool Answered => Status > 0;
}

/// <summary>What to ask for and how much to take.</summary>
internal sealed record FetchRequest(long MaxBytes, bool TruncateAboveMax, Func<string?, bool> AcceptMediaType)
{
    public string? IfNoneMatch { get; init; }

    public string? IfModifiedSince { get; init; }

    public string Accept { get; init; } = "*/*";

    /// <summary>The cap for a PDF response instead of <see cref="MaxBytes"/> (PDFs are larger than pages); null: no exception.</summary>
    public long? PdfMaxBytes { get; init; }
}

/// <summary>Limits requests to one host: a number of slots and, when robots.txt asks for it, a delay between request starts.</summary>
internal sealed class HostGate(int concurrency) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    // A host that asks for a crawl-delay gets one request at a time: parallel requests would arrive together
    // however their starts were spaced.
    private readonly SemaphoreSlim _serial = new(1, 1);
    private long _nextStart;

    public TimeSpan CrawlDelay { get; set; }

    public void Dispose()
    {
        _slots.Dispose();
        _serial.Dispose();
    }

    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        var serial = false;
        try
        {
            var delay = CrawlDelay;
            if (delay > TimeSpan.Zero)
            {
                await _serial.WaitAsync(cancellationToken);
                serial = true;
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Volatile.Read(ref _nextStart));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                // Spaced from when this request really starts: a timer that fires late must not let the next one
                // follow right behind.
                Volatile.Write(ref _nextStart, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
            }

            return new Releaser(_slots, serial ? _serial : null);
        }
        catch
        {
            if (serial)
            {
                _serial.Release();
            }

            _slots.Release();
            throw;
        }
    }

    internal readonly struct Releaser(SemaphoreSlim slots, SemaphoreSlim? serial) : IDisposable
    {
        public void Dispose()
        {
            serial?.Release();
            slots.Release();
        }
    }
}

/// <summary>
/// GET with the crawler's manners: User-Agent, conditional headers, redirects handed back to the caller (followed
/// manually, within scope), a body-read timeout and a streamed size cap that aborts the transfer instead of buffering
/// it. Retries, the per-attempt timeout and the circuit breaker are the client's resilience pipeline
/// (<see cref="HttpResilience"/>), registered by <see cref="WebSourcesServiceCollectionExtensions.AddKccWebSources"/>.
/// </summary>
internal sealed partial class PageFetcher(HttpClient http, CrawlerOptions options, Func<Uri, HostGate> gateFor, ILogger logger)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    static PageFetcher() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task<FetchResult> FetchAsync(Uri url, FetchRequest request, CancellationToken cancellationToken)
    {
        HttpRequestMessage? message = null;
        string failure;
        try
        {
            // Retries happen inside the slot: a host that is struggling gets no extra parallel requests from them.
            var gate = gateFor(url);
            using var slot = await gate.EnterAsync(cancellationToken);
            message = CreateRequest(url, request);
            message.Options.Set(HttpResilience.MinimumRetryDelayOption, gate.CrawlDelay);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var attempts = HttpResilience.Attempts(message);
            WebLog.Fetched(logger, url.AbsoluteUri, status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            // The pipeline's timeout ends with the headers; the body gets a timeout of its own.
            using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyTimeout.CancelAfter(options.RequestTimeout);
            var result = await InterpretAsync(url, response, request, bodyTimeout.Token);
            return result with
            {
                Attempts = attempts,
                Detail = result.Kind == FetchKind.HttpError && attempts > 1 ? $"{result.Detail} (after {attempts} attempts)" : result.Detail,
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"timed out after {options.RequestTimeout.TotalSeconds:0.###} s";
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            failure = $"timed out after {options.RequestTimeout.TotalSeconds:0.###} s";
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException ex)
        {
            failure = $"host unavailable, not asked again for a while (circuit open: {ex.Message})";
        }
        catch (HttpRequestException ex)
        {
            failure = ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}";
        }
        catch (IOException ex)
        {
            failure = ex.Message;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or UriFormatException)
        {
            // Not transient (an unusable URL or response).
            return new FetchResult(FetchKind.Failed, 0, $"{ex.GetType().Name}: {ex.Message}") { Attempts = 1 };
        }
        finally
        {
            message?.Dispose();
        }

        var tried = message is null ? 1 : HttpResilience.Attempts(message);
        return new FetchResult(FetchKind.Failed, 0, tried > 1 ? $"{failure} (after {tried} attempts)" : failure) { Attempts = tried };
    }

    /// <summary>Decodes a body: charset from the header, else a BOM, else &lt;meta charset&gt;, else UTF-8.</summary>
    public static string Decode(byte[] body, string? charset)
    {
        var encoding = EncodingFor(charset);
        if (encoding is null)
        {
            var preamble = body.AsSpan();
            if (preamble.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                encoding = Utf8;
            }
            else if (preamble.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            {
                encoding = Encoding.Unicode;
            }
            else if (preamble.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                encoding = Encoding.BigEndianUnicode;
            }
            else
            {
                var head = Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 2048));
                var match = MetaCharset().Match(head);
                encoding = (match.Success ? EncodingFor(match.Groups[1].Value) : null) ?? Utf8;
            }
        }

        var text = encoding.GetString(body);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private HttpRequestMessage CreateRequest(Uri url, FetchRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        message.Headers.TryAddWithoutValidation("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.5");
        if (!string.IsNullOrEmpty(request.IfNoneMatch))
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", request.IfNoneMatch);
        }

        if (!string.IsNullOrEmpty(request.IfModifiedSince))
        {
            message.Headers.TryAddWithoutValidation("If-Modified-Since", request.IfModifiedSince);
        }

        return message;
    }

    private async Task<FetchResult> InterpretAsync(Uri url, HttpResponseMessage response, FetchRequest request, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var etag = response.Headers.ETag?.ToString();
        var lastModified = response.Content.Headers.LastModified?.ToString("R");
        IReadOnlyList<string> robotsTags = response.Headers.TryGetValues("X-Robots-Tag", out var tags) ? tags.ToList() : [];

        if (status == 304)
        {
            return new FetchResult(FetchKind.NotModified, status, "not modified") { ETag = etag, LastModified = lastModified };
        }

        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location;
            Uri? target = null;
            if (location is not null && !Uri.TryCreate(url, location, out target))
            {
                target = null;
            }

            return target is null
                ? new FetchResult(FetchKind.HttpError, status, $"HTTP {status} without a valid Location")
                : new FetchResult(FetchKind.Redirect, status, $"HTTP {status}") { Location = target };
        }

        if (status is 404 or 410)
        {
            return new FetchResult(FetchKind.NotFound, status, $"HTTP {status}");
        }

        if (status is < 200 or >= 300)
        {
            return new FetchResult(FetchKind.HttpError, status, $"HTTP {status}");
        }

        var contentType = response.Content.Headers.ContentType;
        var mediaType = contentType?.MediaType?.ToLowerInvariant();
        if (!request.AcceptMediaType(mediaType))
        {
            return new FetchResult(FetchKind.UnsupportedType, status, $"unsupported content type {mediaType}") { MediaType = mediaType };
        }

        var maxBytes = mediaType == "application/pdf" && request.PdfMaxBytes is { } pdfMax ? pdfMax : request.MaxBytes;
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes && !request.TruncateAboveMax)
        {
            return TooLarge(status, maxBytes);
        }

        var body = await ReadBodyAsync(response.Content, maxBytes, request.TruncateAboveMax, declared, cancellationToken);
        if (body is null)
        {
            return TooLarge(status, maxBytes);
        }

        return new FetchResult(FetchKind.Ok, status, "ok")
        {
            Body = body,
            MediaType = mediaType,
            Charset = contentType?.CharSet,
            ETag = etag,
            LastModified = lastModified,
            RobotsTags = robotsTags,
        };
    }

    // Streams the body into memory up to the cap; returns null (and leaves the rest unread, so disposing the response
    // aborts the connection) when the cap is exceeded.
    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, long maxBytes, bool truncate, long? declared, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream((int)Math.Min(declared ?? 64 * 1024, Math.Min(maxBytes, 16 * 1024 * 1024)));
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    if (!truncate)
                    {
                        return null;
                    }

                    buffer.Write(chunk, 0, (int)(maxBytes - buffer.Length));
                    break;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static FetchResult TooLarge(int status, long maxBytes) =>
        new(FetchKind.TooLarge, status, $"too large (more than {maxBytes} bytes)");

    private static Encoding? EncodingFor(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        try
        {
            var encoding = Encoding.GetEncoding(charset.Trim().Trim('"', '\''));

            // Browsers read pages labelled ISO-8859-1 as windows-1252 (WHATWG Encoding): curly quotes and the euro sign live there.
            return encoding.CodePage == 28591 ? Encoding.GetEncoding(1252) : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
