using System.Globalization;
using System.Text;
using HtmlAgilityPack;
using KccAssistant.Documents;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// Extracts the main content of a web page with its structure (title, h2/h3 sections, lists, tables) and the
/// metadata the crawler needs (canonical URL, robots directives, links, last-modified), leaving out menus, headers,
/// footers, cookie banners, breadcrumbs and other page furniture. Stateless and thread-safe. Three jobs, each in its own
/// component: <see cref="HtmlPageMetadata"/> (head and links), <see cref="MainContentLocator"/> (main content without
/// furniture) and <see cref="HtmlSectionWriter"/> (the sections of text); this class puts them together.
/// </summary>
public sealed class HtmlContentExtractor
{
    /// <summary>Extracts a page.</summary>
    /// <param name="html">The page's HTML.</param>
    /// <param name="pageUrl">The URL the page was fetched from (after redirects); relative links resolve against it.</param>
    /// <param name="lastModifiedHeader">The Last-Modified response header, used when the page itself does not say when it changed.</param>
    public ExtractedPage Extract(string html, Uri pageUrl, string? lastModifiedHeader = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);

        var document = new HtmlDocument { OptionMaxNestedChildNodes = 5000 };
        document.LoadHtml(html);
        var root = document.DocumentNode;

        var baseUrl = HtmlPageMetadata.ResolveBaseUrl(root, pageUrl);
        var metas = root.Descendants("meta").ToList();
        var robots = ParseRobotsDirectives(metas.Where(m => HtmlPageMetadata.NameIs(m, "robots")).Select(m => m.GetAttributeValue("content", "")));
        var (canonical, canonicalIsRelative, unusableCanonical) = HtmlPageMetadata.FindCanonical(root, baseUrl);
        var description = HtmlPageMetadata.NullIfEmpty(NormalizeWhitespace(HtmlPageMetadata.MetaContent(metas, "description") ?? HtmlPageMetadata.MetaContent(metas, "og:description") ?? ""));
        var lastModified = HtmlPageMetadata.ParseDate(HtmlPageMetadata.MetaContent(metas, "dcterms.modified"))
            ?? HtmlPageMetadata.ParseDate(HtmlPageMetadata.MetaContent(metas, "article:modified_time"))
            ?? HtmlPageMetadata.ParseDate(HtmlPageMetadata.MetaContent(metas, "og:updated_time"))
            ?? HtmlPageMetadata.ParseDate(HtmlPageMetadata.MetaContent(metas, "last-modified"))
            ?? HtmlPageMetadata.ParseDate(lastModifiedHeader);
        var htmlTitle = NormalizeWhitespace(HtmlSectionWriter.Decode(root.Descendants("title").FirstOrDefault()?.InnerText ?? ""));
        var ogTitle = HtmlPageMetadata.MetaContent(metas, "og:title");
        var links = robots.NoFollow ? [] : HtmlPageMetadata.ExtractLinks(root, baseUrl);

        var body = root.Descendants("body").FirstOrDefault() ?? root;
        var content = MainContentLocator.Locate(body);

        var titleNode = content.Descendants("h1").FirstOrDefault(h => HtmlSectionWriter.InlineText(h).Length > 0)
            ?? body.Descendants("h1").FirstOrDefault(h => HtmlSectionWriter.InlineText(h).Length > 0 && !MainContentLocator.IsInsidePageFurniture(h, body));
        var title = titleNode is not null ? HtmlSectionWriter.InlineText(titleNode) : "";
        if (title.Length == 0)
        {
            title = StripSiteSuffix(htmlTitle);
        }

        if (title.Length == 0 && !string.IsNullOrWhiteSpace(ogTitle))
        {
            title = StripSiteSuffix(NormalizeWhitespace(ogTitle));
        }

        if (title.Length == 0)
        {
            title = HtmlPageMetadata.TitleFromUrl(pageUrl);
        }

        var writer = new HtmlSectionWriter(content.Descendants("h1").Contains(titleNode) ? titleNode : null);
        writer.Visit(content, 0);
        var sections = writer.Finish();

        return new ExtractedPage(title, canonical, description, lastModified, robots.NoIndex, robots.NoFollow, links, sections)
        {
            CanonicalIsRelative = canonicalIsRelative,
            UnusableCanonical = unusableCanonical,
        };
    }

    /// <summary>Parses robots directives (meta robots content or X-Robots-Tag values): noindex, nofollow, none.</summary>
    public static (bool NoIndex, bool NoFollow) ParseRobotsDirectives(IEnumerable<string> values) => HtmlPageMetadata.ParseRobotsDirectives(values);

    /// <summary>Collapses all whitespace (including non-breaking spaces) to single spaces and drops invisible characters.</summary>
    public static string NormalizeWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is '\u200b' or '\u200c' or '\u200d' or '\u2060' or '\ufeff' or '\u00ad')
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>A URL fragment for a heading: lower case, accents folded, words joined by hyphens.</summary>
    public static string Slugify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingHyphen = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingHyphen = true;
            }
        }

        return builder.Length == 0 ? "sectie" : builder.ToString();
    }

    /// <summary>Removes the site name from a &lt;title&gt; such as "Paspoort aanvragen | Gemeente Apeldoorn".</summary>
    public static string StripSiteSuffix(string title) => HtmlPageMetadata.StripSiteSuffix(title);
}
