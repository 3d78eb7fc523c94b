using System.Net;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// The redirect policy of every HTTP client the ingest uses: a redirect is followed only when its target is in
/// scope, at most <see cref="MaxRedirects"/> hops. Out-of-scope targets are never requested, so a source cannot
/// make the ingest send requests (and credentials) to another host. The default scope is the origin of the first
/// request (scheme, host and port; an http to https upgrade on the same host is allowed); a caller can set another
/// with <see cref="ScopeOption"/>. Put it on a primary handler with <c>AllowAutoRedirect = false</c>.
/// </summary>
public sealed class ScopedRedirectHandler : DelegatingHandler
{
    /// <summary>Hops followed before giving up (RFC 9309 and browsers use five to twenty; five is plenty for APIs).</summary>
    public const int MaxRedirects = 5;

    /// <summary>A request option: decides per hop whether (original URL, target URL) stays in scope.</summary>
    public static readonly HttpRequestOptionsKey<Func<Uri, Uri, bool>> ScopeOption = new("KccAssistant.RedirectScope");

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> or let the client factory do it.</summary>
    public ScopedRedirectHandler()
    {
    }

    /// <summary>Creates the handler on <paramref name="innerHandler"/>, which must not follow redirects itself.</summary>
    public ScopedRedirectHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <summary>A primary handler that leaves redirects to this handler, wrapped in it.</summary>
    public static ScopedRedirectHandler CreateDefault() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        UseCookies = false,
    });

    /// <summary>Same scheme, host and port; or http to https on the same host and default ports.</summary>
    public static bool SameOrigin(Uri original, Uri target)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(target);
        if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
            || !string.Equals(original.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (original.Scheme == target.Scheme)
        {
            return original.Port == target.Port;
        }

        return original.Scheme == Uri.UriSchemeHttp && target.Scheme == Uri.UriSchemeHttps && original.IsDefaultPort && target.IsDefaultPort;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var original = request.RequestUri ?? throw new InvalidOperationException("A request needs a URL.");
        var inScope = request.Options.TryGetValue(ScopeOption, out var scope) ? scope : SameOrigin;
        var current = request;
        var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
        for (var hop = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            if (current.Method != HttpMethod.Get && current.Method != HttpMethod.Head)
            {
                return response;
            }

            response.Dispose();
            if (hop >= MaxRedirects)
            {
                throw new RedirectRefusedException(original, target, $"more than {MaxRedirects} redirects");
            }

            if (!inScope(original, target))
            {
                throw new RedirectRefusedException(original, target, $"redirect to {Describe(target)} leaves the origin of {Describe(original)}; not followed");
            }

            var next = new HttpRequestMessage(current.Method, target) { Version = current.Version, VersionPolicy = current.VersionPolicy };
            foreach (var header in current.Headers)
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (!ReferenceEquals(current, request))
            {
                current.Dispose();
            }

            current = next;
            response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Scheme, host and port only: paths and queries may carry tokens.</summary>
    private static string Describe(Uri url) => url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}" : "a relative URL";
}

/// <summary>A redirect was not followed because it left the scope or there were too many.</summary>
public sealed class RedirectRefusedException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    public RedirectRefusedException(Uri requested, Uri target, string reason)
        : base(reason)
    {
        Requested = requested;
        Target = target;
    }

    /// <summary>The URL that was requested.</summary>
    public Uri Requested { get; }

    /// <summary>Where it redirected to (never requested).</summary>
    public Uri Target { get; }
}
