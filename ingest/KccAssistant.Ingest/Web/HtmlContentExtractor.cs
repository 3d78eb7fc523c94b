using System.Globalization;
using System.Text;
using HtmlAgilityPack;
using KccAssistant.Documents;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// Extracts the main content of a web page with its structure (title, h2/h3 sections, lists, tables) and the
/// metadata the crawler needs (canonical URL, robots directives, links, last-modified), leaving out menus, headers,
/// footers, cookie banners, breadcrumbs and other page furniture. Stateless and thread-safe.
/// </summary>
public sealed class HtmlContentExtractor
{
    // Never content: code, embedded media and interactive widgets.
    private static readonly HashSet<string> NeverContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "video", "audio",
        "map", "head", "link", "meta", "title", "base",
    };

    // Page furniture removed from the content root.
    private static readonly HashSet<string> FurnitureElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "aside", "form", "button", "select", "input", "textarea", "label", "dialog", "menu",
    };

    private static readonly HashSet<string> FurnitureRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar",
    };

    // Substrings of class/id tokens that mark furniture: cookie banners, consent dialogs, breadcrumbs, skip links,
    // "related" blocks and share buttons.
    private static readonly string[] FurnitureTokenParts =
    [
        "consent", "gdpr", "breadcrumb", "kruimel", "skiplink", "skip-link", "skip-to", "skipnav", "skip-nav",
        "related", "gerelateerd", "sharing", "share-", "-share", "social-", "socialmedia", "footer", "navbar", "sidebar",
        "rs_skip", "readspeaker", "rsbtn",
    ];

    private static readonly HashSet<string> FurnitureTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "share", "social", "skip", "delen", "nav", "menu", "mainmenu", "main-menu", "submenu", "topbar",
    };

    // A "cookie" class is a banner when it says so or holds buttons; a table of cookies on the cookie statement is content.
    private static readonly string[] CookieBannerParts = ["banner", "bar", "notice", "popup", "modal", "melding", "dialog", "overlay", "wall", "message", "alert"];

    private static readonly string[] MainIds = ["content", "main-content", "maincontent", "main"];

    private static readonly string[] TitleSeparators = [" | ", " – ", " — ", " - ", " :: ", " · "];

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

        var baseUrl = ResolveBaseUrl(root, pageUrl);
        var metas = root.Descendants("meta").ToList();
        var robots = ParseRobotsDirectives(metas.Where(m => NameIs(m, "robots")).Select(m => m.GetAttributeValue("content", "")));
        var (canonical, canonicalIsRelative, unusableCanonical) = FindCanonical(root, baseUrl);
        var description = NullIfEmpty(NormalizeWhitespace(MetaContent(metas, "description") ?? MetaContent(metas, "og:description") ?? ""));
        var lastModified = ParseDate(MetaContent(metas, "dcterms.modified"))
            ?? ParseDate(MetaContent(metas, "article:modified_time"))
            ?? ParseDate(MetaContent(metas, "og:updated_time"))
            ?? ParseDate(MetaContent(metas, "last-modified"))
            ?? ParseDate(lastModifiedHeader);
        var htmlTitle = NormalizeWhitespace(Decode(root.Descendants("title").FirstOrDefault()?.InnerText ?? ""));
        var ogTitle = MetaContent(metas, "og:title");
        var links = robots.NoFollow ? [] : ExtractLinks(root, baseUrl);

        var body = root.Descendants("body").FirstOrDefault() ?? root;
        RemoveAll(body, n => NeverContent.Contains(n.Name) || IsHidden(n));

        var content = FindMainContent(body);
        if (content is not null)
        {
            RemoveFurniture(content);
        }
        else
        {
            RemoveFurniture(body);
            RemoveLinkDenseBlocks(body);
            content = FindByTextDensity(body);
        }

        var titleNode = content.Descendants("h1").FirstOrDefault(h => InlineText(h).Length > 0)
            ?? body.Descendants("h1").FirstOrDefault(h => InlineText(h).Length > 0 && !IsInsidePageFurniture(h, body));
        var title = titleNode is not null ? InlineText(titleNode) : "";
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
            title = TitleFromUrl(pageUrl);
        }

        var writer = new SectionWriter(content.Descendants("h1").Contains(titleNode) ? titleNode : null);
        writer.Visit(content, 0);
        var sections = writer.Finish();

        return new ExtractedPage(title, canonical, description, lastModified, robots.NoIndex, robots.NoFollow, links, sections)
        {
            CanonicalIsRelative = canonicalIsRelative,
            UnusableCanonical = unusableCanonical,
        };
    }

    /// <summary>Parses robots directives (meta robots content or X-Robots-Tag values): noindex, nofollow, none.</summary>
    public static (bool NoIndex, bool NoFollow) ParseRobotsDirectives(IEnumerable<string> values)
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
    public static string StripSiteSuffix(string title)
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

    private static Uri ResolveBaseUrl(HtmlNode root, Uri pageUrl)
    {
        var href = root.Descendants("base").FirstOrDefault()?.GetAttributeValue("href", "");
        return !string.IsNullOrWhiteSpace(href) && Uri.TryCreate(pageUrl, Decode(href).Trim(), out var resolved)
            && (resolved.Scheme == Uri.UriSchemeHttp || resolved.Scheme == Uri.UriSchemeHttps)
            ? resolved
            : pageUrl;
    }

    private static (string? Url, bool IsRelative, string? Unusable) FindCanonical(HtmlNode root, Uri baseUrl)
    {
        string? unusable = null;
        foreach (var link in root.Descendants("link"))
        {
            if (!HasToken(link.GetAttributeValue("rel", ""), "canonical"))
            {
                continue;
            }

            var href = Decode(link.GetAttributeValue("href", "")).Trim();
            if (UrlNormalizer.TryNormalize(href, baseUrl, out var canonical))
            {
                return (canonical, !Uri.IsWellFormedUriString(href, UriKind.Absolute), null);
            }

            unusable ??= href;
        }

        return (null, false, unusable);
    }

    private static List<string> ExtractLinks(HtmlNode root, Uri baseUrl)
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

            if (UrlNormalizer.TryNormalize(Decode(href), baseUrl, out var url) && seen.Add(url))
            {
                links.Add(url);
            }
        }

        return links;
    }

    private static HtmlNode? FindMainContent(HtmlNode body)
    {
        var elements = body.Descendants().Where(n => n.NodeType == HtmlNodeType.Element).ToList();

        var main = Largest(elements.Where(n => n.Name == "main"))
            ?? Largest(elements.Where(n => string.Equals(n.GetAttributeValue("role", ""), "main", StringComparison.OrdinalIgnoreCase)));
        if (main is not null)
        {
            return main;
        }

        foreach (var id in MainIds)
        {
            var byId = elements.FirstOrDefault(n => string.Equals(n.Id, id, StringComparison.OrdinalIgnoreCase) && HasText(n));
            if (byId is not null)
            {
                return byId;
            }
        }

        // More than one article is a listing page: let the density heuristic find the block instead.
        var articles = elements.Where(n => n.Name == "article" && HasText(n)).Take(2).ToList();
        return articles.Count == 1 ? articles[0] : null;

        static HtmlNode? Largest(IEnumerable<HtmlNode> nodes) =>
            nodes.Where(HasText).MaxBy(n => n.InnerText.Length);
    }

    private static void RemoveFurniture(HtmlNode root) => RemoveAll(root, IsFurniture);

    private static bool IsFurniture(HtmlNode node)
    {
        if (FurnitureElements.Contains(node.Name) || FurnitureRoles.Contains(node.GetAttributeValue("role", "")))
        {
            return true;
        }

        if (node.Name == "footer")
        {
            return true;
        }

        // A <header> inside an article or section holds the article's title and intro; a page header is furniture.
        if (node.Name == "header" && !(HasSectioningAncestor(node) && node.Descendants().Any(d => d.Name is "h1" or "h2" or "h3")))
        {
            return true;
        }

        var classes = node.GetAttributeValue("class", "");
        var id = node.Id ?? "";
        if (HasFurnitureToken(classes) || HasFurnitureToken(id) || IsCookieBanner(node, classes, id))
        {
            return true;
        }

        var label = node.GetAttributeValue("aria-label", "");
        if (label.Contains("breadcrumb", StringComparison.OrdinalIgnoreCase) || label.Contains("kruimel", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return node.Name == "a" && IsSkipLink(node);
    }

    private static bool IsSkipLink(HtmlNode anchor)
    {
        if (!anchor.GetAttributeValue("href", "").StartsWith('#'))
        {
            return false;
        }

        var text = InlineText(anchor).ToLowerInvariant();
        return text.StartsWith("skip", StringComparison.Ordinal) || text.StartsWith("ga naar", StringComparison.Ordinal)
            || text.StartsWith("naar de", StringComparison.Ordinal) || text.StartsWith("direct naar", StringComparison.Ordinal)
            || text.StartsWith("spring naar", StringComparison.Ordinal) || text.StartsWith("naar hoofdinhoud", StringComparison.Ordinal);
    }

    private static bool IsCookieBanner(HtmlNode node, string classes, string id)
    {
        var tokens = $"{classes} {id}".Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t.Contains("cookie", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (tokens.Count == 0)
        {
            return false;
        }

        return tokens.Any(t => CookieBannerParts.Any(p => t.Contains(p, StringComparison.OrdinalIgnoreCase)))
            || node.Descendants().Any(d => d.Name is "button" or "input" or "form");
    }

    private static bool HasFurnitureToken(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var token in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (FurnitureTokens.Contains(token))
            {
                return true;
            }

            foreach (var part in FurnitureTokenParts)
            {
                if (token.Contains(part, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasSectioningAncestor(HtmlNode node)
    {
        for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (parent.Name is "article" or "section" or "main")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInsidePageFurniture(HtmlNode node, HtmlNode body)
    {
        for (var parent = node.ParentNode; parent is not null && parent != body; parent = parent.ParentNode)
        {
            if (parent.Name is "header" or "nav" or "footer" or "aside" || FurnitureRoles.Contains(parent.GetAttributeValue("role", "")))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHidden(HtmlNode node)
    {
        if (node.NodeType != HtmlNodeType.Element)
        {
            return false;
        }

        if (node.Attributes.Contains("hidden") || string.Equals(node.GetAttributeValue("aria-hidden", ""), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var style = node.GetAttributeValue("style", "");
        if (style.Length == 0)
        {
            return false;
        }

        var compact = style.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        return compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
    }

    // Removes matching descendants of root (never root itself), outermost first.
    private static void RemoveAll(HtmlNode root, Func<HtmlNode, bool> predicate)
    {
        var stack = new Stack<HtmlNode>();
        for (var child = root.LastChild; child is not null; child = child.PreviousSibling)
        {
            stack.Push(child);
        }

        var doomed = new List<HtmlNode>();
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType == HtmlNodeType.Comment)
            {
                doomed.Add(node);
                continue;
            }

            if (node.NodeType != HtmlNodeType.Element)
            {
                continue;
            }

            if (predicate(node))
            {
                doomed.Add(node);
                continue;
            }

            for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push(child);
            }
        }

        foreach (var node in doomed)
        {
            node.Remove();
        }
    }

    // Without a <main>, menus and link lists that are not marked up as <nav> are recognised by how much of their
    // text is link text.
    private static void RemoveLinkDenseBlocks(HtmlNode body) => RemoveAll(body, node =>
    {
        if (node.Name is not ("div" or "ul" or "ol" or "section" or "table" or "header" or "footer"))
        {
            return false;
        }

        var anchors = node.Descendants("a").ToList();
        if (anchors.Count < 3)
        {
            return false;
        }

        var textLength = InlineText(node).Length;
        var linkLength = anchors.Sum(a => InlineText(a).Length);
        return textLength == 0 || linkLength > 0.5 * textLength;
    });

    // A light Readability: paragraphs vote for their parent (and half for their grandparent); the block with the
    // most non-link prose wins, widened to its parent when that only adds a little (typically the headings).
    private static HtmlNode FindByTextDensity(HtmlNode body)
    {
        var scores = new Dictionary<HtmlNode, double>();
        foreach (var paragraph in body.Descendants().Where(n => n.Name is "p" or "pre" or "blockquote" or "li" or "dd" or "td"))
        {
            var length = InlineText(paragraph).Length;
            if (length < 25)
            {
                continue;
            }

            var score = 1 + Math.Min(length / 100.0, 3) + paragraph.InnerText.Count(c => c == ',');
            var parent = paragraph.ParentNode;
            if (parent is null)
            {
                continue;
            }

            scores[parent] = scores.GetValueOrDefault(parent) + score;
            if (parent.ParentNode is { } grandParent && grandParent.NodeType == HtmlNodeType.Element)
            {
                scores[grandParent] = scores.GetValueOrDefault(grandParent) + (score / 2);
            }
        }

        if (scores.Count == 0)
        {
            return body;
        }

        var best = scores.MaxBy(pair => pair.Value * (1 - LinkDensity(pair.Key))).Key;
        if (best.Name is "ul" or "ol" or "table" or "tbody" or "tr" or "dl")
        {
            best = best.ParentNode ?? best;
        }

        // Widen to the parent when all it adds is headings (a title above the text block) or a little text.
        while (best.ParentNode is { } parent && parent != body && parent.NodeType == HtmlNodeType.Element)
        {
            var own = InlineText(best).Length;
            var added = parent.ChildNodes
                .Where(c => c != best && c.Name is not ("h1" or "h2" or "h3" or "h4" or "h5" or "h6"))
                .Sum(c => InlineText(c).Length);
            if (added > own / 4)
            {
                break;
            }

            best = parent;
        }

        return best;
    }

    private static double LinkDensity(HtmlNode node)
    {
        var total = InlineText(node).Length;
        if (total == 0)
        {
            return 1;
        }

        return Math.Min(1, node.Descendants("a").Sum(a => InlineText(a).Length) / (double)total);
    }

    private static bool HasText(HtmlNode node) => !string.IsNullOrWhiteSpace(node.InnerText);

    private static bool NameIs(HtmlNode meta, string name) =>
        string.Equals(meta.GetAttributeValue("name", ""), name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(meta.GetAttributeValue("property", ""), name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(meta.GetAttributeValue("http-equiv", ""), name, StringComparison.OrdinalIgnoreCase);

    private static string? MetaContent(List<HtmlNode> metas, string name)
    {
        var meta = metas.FirstOrDefault(m => NameIs(m, name) && m.GetAttributeValue("content", "").Length > 0);
        return meta is null ? null : Decode(meta.GetAttributeValue("content", "")).Trim();
    }

    private static bool HasToken(string value, string token) =>
        value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Any(t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));

    private static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
    }

    private static string TitleFromUrl(Uri url)
    {
        var segment = url.Segments.LastOrDefault(s => s.Trim('/').Length > 0)?.Trim('/');
        return segment is null ? url.Host : NormalizeWhitespace(Uri.UnescapeDataString(segment).Replace('-', ' ').Replace('_', ' '));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string Decode(string text) => HtmlEntity.DeEntitize(text) ?? "";

    internal static string InlineText(HtmlNode node, bool skipLists = false)
    {
        var builder = new StringBuilder();
        AppendInline(node, builder, skipLists, 0);
        return NormalizeWhitespace(builder.ToString());
    }

    private static void AppendInline(HtmlNode node, StringBuilder builder, bool skipLists, int depth)
    {
        if (depth > 300)
        {
            return;
        }

        switch (node.NodeType)
        {
            case HtmlNodeType.Text:
                builder.Append(Decode(((HtmlTextNode)node).Text));
                return;
            case HtmlNodeType.Comment:
                return;
        }

        if (NeverContent.Contains(node.Name) || (skipLists && depth > 0 && node.Name is "ul" or "ol"))
        {
            return;
        }

        if (node.Name is "br" or "td" or "th" or "li" or "p" or "div")
        {
            builder.Append(' ');
        }

        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            AppendInline(child, builder, skipLists, depth + 1);
        }
    }

    // Walks the content in reading order and writes sections of blocks (paragraphs, lists, tables).
    private sealed class SectionWriter(HtmlNode? titleNode)
    {
        private const char LineBreak = '\u2028';

        private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
        {
            "p", "div", "section", "article", "main", "header", "footer", "blockquote", "pre", "address", "figure",
            "figcaption", "dl", "dt", "dd", "details", "summary", "fieldset", "hr", "center", "li", "caption", "tr",
            "td", "th", "tbody", "thead", "tfoot", "table",
        };

        private readonly List<DocumentSection> _sections = [];
        private readonly List<string> _blocks = [];
        private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);
        private readonly StringBuilder _inline = new();
        private string _heading = "";
        private string? _anchor;

        public void Visit(HtmlNode node, int depth)
        {
            if (depth > 300)
            {
                return;
            }

            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    var text = Decode(((HtmlTextNode)node).Text);
                    foreach (var c in text)
                    {
                        _inline.Append(c is '\r' or '\n' or '\t' ? ' ' : c);
                    }

                    return;
                case HtmlNodeType.Comment:
                    return;
                case HtmlNodeType.Document:
                    VisitChildren(node, depth);
                    return;
            }

            var name = node.Name;
            if (NeverContent.Contains(name))
            {
                return;
            }

            switch (name)
            {
                case "br":
                    _inline.Append(LineBreak);
                    return;
                case "h1" when node == titleNode:
                    Flush();
                    return;
                case "h1" or "h2" or "h3":
                    Flush();
                    StartSection(node);
                    return;
                case "h4" or "h5" or "h6":
                    Flush();
                    AddBlock(InlineText(node));
                    return;
                case "ul" or "ol":
                    Flush();
                    var lines = new List<string>();
                    AppendList(node, lines, 0);
                    AddBlock(string.Join('\n', lines));
                    return;
                case "table" when !IsLayoutTable(node):
                    Flush();
                    AddBlock(TableText(node));
                    return;
            }

            var isBlock = BlockElements.Contains(name);
            if (isBlock)
            {
                Flush();
            }

            VisitChildren(node, depth);
            if (isBlock)
            {
                Flush();
            }
        }

        public List<DocumentSection> Finish()
        {
            Flush();
            CloseSection();
            return _sections;
        }

        private void VisitChildren(HtmlNode node, int depth)
        {
            for (var child = node.FirstChild; child is not null; child = child.NextSibling)
            {
                Visit(child, depth + 1);
            }
        }

        private void StartSection(HtmlNode heading)
        {
            var text = InlineText(heading);
            if (text.Length == 0)
            {
                return;
            }

            CloseSection();
            _heading = text;
            var id = heading.Id;
            if (string.IsNullOrWhiteSpace(id))
            {
                id = heading.Descendants().Where(d => d.Name is "a" or "span")
                    .Select(d => d.Id is { Length: > 0 } inner ? inner : d.GetAttributeValue("name", ""))
                    .FirstOrDefault(v => v.Length > 0);
            }

            if (string.IsNullOrWhiteSpace(id))
            {
                id = Slugify(text);
                var unique = id;
                for (var i = 2; !_anchors.Add(unique); i++)
                {
                    unique = $"{id}-{i}";
                }

                id = unique;
            }
            else
            {
                _anchors.Add(id);
            }

            _anchor = id.Trim();
        }

        private void CloseSection()
        {
            if (_blocks.Count > 0)
            {
                _sections.Add(new DocumentSection(_heading, string.Join("\n\n", _blocks), _heading.Length == 0 ? null : _anchor));
            }

            _blocks.Clear();
        }

        private void Flush()
        {
            if (_inline.Length == 0)
            {
                return;
            }

            var lines = _inline.ToString().Split(LineBreak)
                .Select(NormalizeWhitespace)
                .Where(l => l.Length > 0);
            AddBlock(string.Join('\n', lines));
            _inline.Clear();
        }

        private void AddBlock(string block)
        {
            if (block.Length > 0)
            {
                _blocks.Add(block);
            }
        }

        private static void AppendList(HtmlNode list, List<string> lines, int depth)
        {
            if (depth > 20)
            {
                return;
            }

            for (var child = list.FirstChild; child is not null; child = child.NextSibling)
            {
                if (child.Name is "ul" or "ol")
                {
                    AppendList(child, lines, depth + 1);
                    continue;
                }

                var text = InlineText(child, skipLists: true);
                if (text.Length > 0)
                {
                    lines.Add(child.Name == "li" ? "- " + text : text);
                }

                if (child.NodeType == HtmlNodeType.Element)
                {
                    foreach (var nested in NestedLists(child))
                    {
                        AppendList(nested, lines, depth + 1);
                    }
                }
            }
        }

        private static IEnumerable<HtmlNode> NestedLists(HtmlNode node)
        {
            for (var child = node.FirstChild; child is not null; child = child.NextSibling)
            {
                if (child.Name is "ul" or "ol")
                {
                    yield return child;
                }
                else if (child.NodeType == HtmlNodeType.Element)
                {
                    foreach (var nested in NestedLists(child))
                    {
                        yield return nested;
                    }
                }
            }
        }

        // Tables that hold headings or other tables lay out the page; their cells are read as ordinary content.
        private static bool IsLayoutTable(HtmlNode table) =>
            table.Descendants().Any(d => d.Name is "h1" or "h2" or "h3" or "table");

        private static string TableText(HtmlNode table)
        {
            var lines = new List<string>();
            var caption = table.Element("caption");
            if (caption is not null && InlineText(caption) is { Length: > 0 } captionText)
            {
                lines.Add(captionText);
            }

            foreach (var row in table.Descendants("tr"))
            {
                var cells = row.ChildNodes.Where(c => c.Name is "td" or "th")
                    .Select(c => InlineText(c))
                    .Where(c => c.Length > 0)
                    .ToList();
                if (cells.Count > 0)
                {
                    lines.Add(string.Join(" | ", cells));
                }
            }

            return string.Join('\n', lines);
        }
    }
}
