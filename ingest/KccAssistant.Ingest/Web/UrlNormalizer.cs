using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// Turns the many spellings of one web page into one identity: the document id of a crawled page, the key
/// the crawler deduplicates on, and the form the evaluation compares against (scheme and host case-insensitive,
/// no fragment, trailing slash ignored).
/// </summary>
public static class UrlNormalizer
{
    // Parameters that identify a campaign or click, never a different page. Lower-case; compared case-insensitively.
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
        "li_fat_id", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking",
        "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "wickedid", "s_kwcid", "ef_id", "srsltid", "_openstat",
    };

    private static readonly string[] TrackingPrefixes = ["utm_", "mc_", "pk_", "mtm_", "matomo_", "piwik_", "hsa_"];

    /// <summary>Normalises an absolute http(s) URL; returns null for anything else.</summary>
    public static string? Normalize(string url) => TryNormalize(url, null, out var normalized) ? normalized : null;

    /// <summary>Normalises an absolute http(s) URL.</summary>
    /// <exception cref="ArgumentException">The URL is not absolute http or https.</exception>
    public static string Normalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return TryNormalize(url.OriginalString, null, out var normalized)
            ? normalized
            : throw new ArgumentException($"Not an absolute http(s) URL: {url}", nameof(url));
    }

    /// <summary>
    /// Resolves <paramref name="href"/> against <paramref name="baseUrl"/> (when relative) and normalises it:
    /// lower-case scheme and host, no default port, no fragment, no tracking parameters, sorted query,
    /// no trailing slash except for the root. False for non-http(s) links (mailto:, tel:, javascript:, ...).
    /// </summary>
    public static bool TryNormalize(string? href, Uri? baseUrl, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(href))
        {
            return false;
        }

        var trimmed = href.Trim();
        Uri? absolute;
        if (baseUrl is null)
        {
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out absolute))
            {
                return false;
            }
        }
        else if (!Uri.TryCreate(baseUrl, trimmed, out absolute))
        {
            return false;
        }

        if (!absolute.IsAbsoluteUri || (absolute.Scheme != Uri.UriSchemeHttp && absolute.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        if (string.IsNullOrEmpty(absolute.Host))
        {
            return false;
        }

        var builder = new StringBuilder(trimmed.Length + 8);
        builder.Append(absolute.Scheme).Append("://");
        builder.Append((absolute.HostNameType == UriHostNameType.IPv6 ? absolute.Host : absolute.IdnHost).ToLowerInvariant());
        if (!absolute.IsDefaultPort)
        {
            builder.Append(':').Append(absolute.Port);
        }

        var path = absolute.AbsolutePath;
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
            if (path.Length == 0)
            {
                path = "/";
            }
        }

        builder.Append(path.Length == 0 ? "/" : path);
        AppendQuery(builder, absolute.Query);
        normalized = builder.ToString();
        return true;
    }

    /// <summary>True for query parameters that only track campaigns or clicks.</summary>
    public static bool IsTrackingParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TrackingParameters.Contains(name))
        {
            return true;
        }

        foreach (var prefix in TrackingPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendQuery(StringBuilder builder, string query)
    {
        if (query.Length <= 1)
        {
            return;
        }

        var pairs = new List<(string Name, string Pair)>();
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name.Length == 0 || IsTrackingParameter(Uri.UnescapeDataString(name)))
            {
                continue;
            }

            pairs.Add((name, pair));
        }

        if (pairs.Count == 0)
        {
            return;
        }

        // Sort by name, then by the whole pair, so repeated names keep a stable order independent of the link.
        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Pair, b.Pair);
        });

        builder.Append('?');
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            builder.Append(pairs[i].Pair);
        }
    }
}
