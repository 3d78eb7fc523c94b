using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using KccAssistant.Answering;
using KccAssistant.Documents;
using Microsoft.AspNetCore.Components;

namespace KccAssistant.Web.Components;

/// <summary>Renders answers and snippets safely: source text is always HTML-encoded before markup is added.</summary>
public static partial class AnswerMarkup
{
    /// <summary>Dutch culture for dates.</summary>
    public static CultureInfo Dutch { get; } = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>The answer with each [n] as a link to its citation.</summary>
    public static MarkupString Render(string answer)
    {
        var encoded = HtmlEncoder.Default.Encode(answer ?? "");
        return new MarkupString(Marker().Replace(encoded, m => $"<a class=\"cite-ref\" href=\"#cite-{m.Groups[1].Value}\">[{m.Groups[1].Value}]</a>"));
    }

    /// <summary>The snippet with its supporting sentences in &lt;mark&gt;.</summary>
    public static MarkupString Highlight(string snippet, IReadOnlyList<string> highlights)
    {
        ArgumentNullException.ThrowIfNull(highlights);
        snippet ??= "";
        var ranges = new List<(int Start, int End)>();
        foreach (var highlight in highlights.Where(h => h.Length > 0))
        {
            var at = snippet.IndexOf(highlight, StringComparison.Ordinal);
            if (at >= 0)
            {
                ranges.Add((at, at + highlight.Length));
            }
        }

        var builder = new StringBuilder();
        var position = 0;
        foreach (var (start, end) in ranges.OrderBy(r => r.Start))
        {
            if (start < position)
            {
                continue;
            }

            builder.Append(HtmlEncoder.Default.Encode(snippet[position..start]));
            builder.Append("<mark>").Append(HtmlEncoder.Default.Encode(snippet[start..end])).Append("</mark>");
            position = end;
        }

        builder.Append(HtmlEncoder.Default.Encode(snippet[position..]));
        return new MarkupString(builder.ToString());
    }

    /// <summary>Dutch label of a source type.</summary>
    public static string TypeLabel(SourceType type) => type switch
    {
        SourceType.Website => "Website",
        SourceType.Vac => "VAC",
        SourceType.Kennisartikel => "Kennisartikel",
        SourceType.Rijksoverheid => "Rijksoverheid",
        SourceType.Markdown => "Kennisartikel",
        _ => type.ToString(),
    };

    /// <summary>
    /// Where a citation links to: the public page for websites and Rijksoverheid, the assistant's own view of the
    /// item for knowledge-base items (their API URLs are not pages an agent can open).
    /// </summary>
    /// <remarks>
    /// Only an absolute http(s) URL is ever used as a link: a source can carry <c>javascript:</c>, <c>data:</c>,
    /// <c>//other-host</c> or worse in its canonical URL, and such a link would run in the app's origin when opened.
    /// Anything else falls back to the stored copy.
    /// </remarks>
    public static string Link(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return citation.SourceType is SourceType.Website or SourceType.Rijksoverheid && IsWebUrl(citation.Url)
            ? citation.Url
            : StoredCopy(citation);
    }

    /// <summary>The app's own view of the cited document, relative to the app's base address.</summary>
    public static string StoredCopy(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return $"bron/{Uri.EscapeDataString(citation.DocumentId)}";
    }

    /// <summary>True only for an absolute http or https URL with a host.</summary>
    public static bool IsWebUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url)
        && url.Trim() == url
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The response with every citation URL that is not an absolute http(s) URL replaced by the stored copy's path
    /// (<c>bron/{id}</c>, the same link the Ask page shows), so API clients that turn <c>url</c> into a link are safe.
    /// </summary>
    public static AskResponse? WithSafeUrls(AskResponse? response) =>
        response is null || response.Citations.All(c => IsWebUrl(c.Url))
            ? response
            : response with { Citations = [.. response.Citations.Select(c => IsWebUrl(c.Url) ? c : c with { Url = StoredCopy(c) })] };

    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex Marker();
}
