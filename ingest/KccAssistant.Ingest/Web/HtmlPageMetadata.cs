using System.Globalization;
using System.Text;
using HtmlAgilityPack;
using KccAssistant.Documents;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// The first job of <see cref="HtmlContentExtractor"/>: what a page says about itself in its head and links — base URL,
/// canonical link, robots directives, description, dates, titles — and the links to follow.
/// </summary>
internal static class HtmlPageMetadata
{
    internal static readonly string[] TitleSeparators = [" | ", " – ", " — ", " - ", " :: ", " · "];

    /// <summary>Parses robots directives (meta robots content or X-Robots-Tag values): noindex, nofollow, none.</summary>
    internal static (bool NoIndex, bool NoFollow) ParseRobotsDirectives(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        bool noIndex = false, noFollow = false;
        foreach (var value in values)
        {
            foreach (var raw in value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                switch (raw.ToLowerInvariant())
                {
                    case "noindex":
                        noIndex = true;
                        break;
                    case "nofollow":
                        noFollow = true;
                        break;
                    case "none":
                        noIndex = noFollow = true;
                        break;
                }
            }
        }

        return (noIndex, noFollow);
    }

    /// <summary>Removes the site name from a &lt;title&gt; such as "Paspoort aanvragen | Gemeente Apeldoorn".</summary>
    internal static string StripSiteSuffix(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        foreach (var separator in TitleSeparators)
        {
            var index = title.LastIndexOf(separator, StringComparison.Ordinal);
            if (index > 0)
            {
                return title[..index].Trim();
            }
        }

        return title.Trim();
    }

    internal static Uri ResolveBaseUrl(HtmlNode root, Uri pageUrl)
    {
        var href = root.Descendants("base").FirstOrDefault()?.GetAttributeValue("href", "");
        return !string.IsNullOrWhiteSpace(href) && Uri.TryCreate(pageUrl, HtmlSectionWriter.Decode(href).Trim(), out var resolved)
            && (resolved.Scheme == Uri.UriSchemeHttp || resolved.Scheme == Uri.UriSchemeHttps)
            ? resolved
            : pageUrl;
    }

    internal static (string? Url, bool IsRelative, string? Unusable) FindCanonical(HtmlNode root, Uri baseUrl)
    {
        string? unusable = null;
        foreach (var link in root.Descendants("link"))
        {
            if (!HasToken(link.GetAttributeValue("rel", ""), "canonical"))
            {
                continue;
            }

            var href = HtmlSectionWriter.Decode(link.GetAttributeValue("href", "")).Trim();
            if (UrlNormalizer.TryNormalize(href, baseUrl, out var canonical))
            {
                return (canonical, !Uri.IsWellFormedUriString(href, UriKind.Absolute), null);
            }

            unusable ??= href;
        }

        return (null, false, unusable);
    }

    internal static List<string> ExtractLinks(HtmlNode root, Uri baseUrl)
    {
        var links = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in root.Descendants().Where(n => n.Name is "a" or "area"))
        {
            var href = anchor.GetAttributeValue("href", "");
            if (href.Length == 0 || HasToken(anchor.GetAttributeValue("rel", ""), "nofollow"))
            {
                continue;
            }

            if (UrlNormalizer.TryNormalize(HtmlSectionWriter.Decode(href), baseUrl, out var url) && seen.Add(url))
            {
                links.Add(url);
            }
        }

        return links;
    }

    internal static bool NameIs(HtmlNode meta, string name) =>
        string.Equals(meta.GetAttributeValue("name", ""), name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(meta.GetAttributeValue("property", ""), name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(meta.GetAttributeValue("http-equiv", ""), name, StringComparison.OrdinalIgnoreCase);

    internal static string? MetaContent(List<HtmlNode> metas, string name)
    {
        var meta = metas.FirstOrDefault(m => NameIs(m, name) && m.GetAttributeValue("content", "").Length > 0);
        return meta is null ? null : HtmlSectionWriter.Decode(meta.GetAttributeValue("content", "")).Trim();
    }

    internal static bool HasToken(string value, string token) =>
        value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Any(t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));

    internal static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
    }

    internal static string TitleFromUrl(Uri url)
    {
        var segment = url.Segments.LastOrDefault(s => s.Trim('/').Length > 0)?.Trim('/');
        return segment is null ? url.Host : HtmlContentExtractor.NormalizeWhitespace(Uri.UnescapeDataString(segment).Replace('-', ' ').Replace('_', ' '));
    }

    internal static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
