using KccAssistant.Documents;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>
/// Which links may become a citation's URL. A citation is opened by agents in the app's own origin, so anything but
/// an absolute http(s) URL (a <c>javascript:</c> or <c>data:</c> URL, a relative path) could run script or lead
/// somewhere unexpected. Knowledge-base items without a usable link get the internal <c>kennisbank:</c> reference,
/// which the web app shows in its own view of the item.
/// </summary>
public static class CitationLinks
{
    /// <summary>The scheme of the internal reference to a knowledge-base item ("kennisbank:vac/{id}").</summary>
    public const string KnowledgeBaseScheme = "kennisbank";

    /// <summary>True for an absolute http(s) URL with a host, or an internal <c>kennisbank:</c> reference.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length != url.Trim().Length || url.Any(char.IsControl))
        {
            return false;
        }

        if (url.StartsWith(KnowledgeBaseScheme + ":", StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host)
            && url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The internal reference a knowledge-base item gets when it has no usable link.</summary>
    public static string Fallback(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var (kind, id) = document.Type switch
        {
            SourceType.Vac => ("vac", document.Id),
            SourceType.Kennisartikel => ("kennisartikel", document.Id),
            SourceType.Rijksoverheid => ("rijksoverheid", document.Id),
            SourceType.Markdown => ("markdown", document.Id.StartsWith("markdown:", StringComparison.Ordinal) ? document.Id["markdown:".Length..] : document.Id),
            _ => ("document", document.Id),
        };
        return $"{KnowledgeBaseScheme}:{kind}/{id}";
    }

    /// <summary>Why <paramref name="url"/> is not usable, for the run report (names the scheme, never the whole URL).</summary>
    public static string Describe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "empty link";
        }

        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 && url[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') ? url[..colon].Trim().ToLowerInvariant() : null;
        return scheme is null or "http" or "https"
            ? "link is not an absolute http(s) URL"
            : $"link with scheme '{scheme}:' is not an http(s) URL";
    }
}
