using System.Globalization;
using System.Text;
using HtmlAgilityPack;
using KccAssistant.Documents;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// The second job of <see cref="HtmlContentExtractor"/>: finding the main content of a page (main, role=main, a content
/// id, a single article, else the densest text block) and removing page furniture from it: menus, headers, footers,
/// cookie banners, breadcrumbs, skip links, "related" blocks, hidden elements.
/// </summary>
internal static class MainContentLocator
{
    /// <summary>Removes never-content and hidden elements from <paramref name="body"/> and returns its main content, furniture removed.</summary>
    internal static HtmlNode Locate(HtmlNode body)
    {
        var panels = CollapsedPanelIds(body);
        RemoveAll(body, n => HtmlSectionWriter.NeverContent.Contains(n.Name) || (IsHidden(n) && !IsCollapsedPanel(n, panels)));
        var content = FindMainContent(body);
        if (content is not null)
        {
            RemoveFurniture(content);
            return content;
        }

        RemoveFurniture(body);
        RemoveLinkDenseBlocks(body);
        return FindByTextDensity(body);
    }

    // Page furniture removed from the content root.
    internal static readonly HashSet<string> FurnitureElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "aside", "form", "button", "select", "input", "textarea", "label", "dialog", "menu",
    };

    internal static readonly HashSet<string> FurnitureRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar",
    };

    // Substrings of class/id tokens that mark furniture: cookie banners, consent dialogs, breadcrumbs, skip links,
    // "related" blocks and share buttons.
    internal static readonly string[] FurnitureTokenParts =
    [
        "consent", "gdpr", "breadcrumb", "kruimel", "skiplink", "skip-link", "skip-to", "skipnav", "skip-nav",
        "related", "gerelateerd", "sharing", "share-", "-share", "social-", "socialmedia", "footer", "navbar", "sidebar",
        "rs_skip", "readspeaker", "rsbtn",
    ];

    internal static readonly HashSet<string> FurnitureTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "share", "social", "skip", "delen", "nav", "menu", "mainmenu", "main-menu", "submenu", "topbar",
    };

    // A "cookie" class is a banner when it says so or holds buttons; a table of cookies on the cookie statement is content.
    internal static readonly string[] CookieBannerParts = ["banner", "bar", "notice", "popup", "modal", "melding", "dialog", "overlay", "wall", "message", "alert"];

    internal static readonly string[] MainIds = ["content", "main-content", "maincontent", "main"];

    internal static HtmlNode? FindMainContent(HtmlNode body)
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

    internal static void RemoveFurniture(HtmlNode root) => RemoveAll(root, IsFurniture);

    internal static bool IsFurniture(HtmlNode node)
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

    internal static bool IsSkipLink(HtmlNode anchor)
    {
        if (!anchor.GetAttributeValue("href", "").StartsWith('#'))
        {
            return false;
        }

        var text = HtmlSectionWriter.InlineText(anchor).ToLowerInvariant();
        return text.StartsWith("skip", StringComparison.Ordinal) || text.StartsWith("ga naar", StringComparison.Ordinal)
            || text.StartsWith("naar de", StringComparison.Ordinal) || text.StartsWith("direct naar", StringComparison.Ordinal)
            || text.StartsWith("spring naar", StringComparison.Ordinal) || text.StartsWith("naar hoofdinhoud", StringComparison.Ordinal);
    }

    internal static bool IsCookieBanner(HtmlNode node, string classes, string id)
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

    internal static bool HasFurnitureToken(string value)
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

    internal static bool HasSectioningAncestor(HtmlNode node)
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

    internal static bool IsInsidePageFurniture(HtmlNode node, HtmlNode body)
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

    // Accordion class words of municipal sites and their design systems (NL Design System components, Bootstrap).
    private static readonly string[] PanelClassWords = ["accordion", "collapse", "collapsible", "uitklap", "expand", "faq"];

    private static readonly string[] PopupClassWords = ["menu", "popup", "modal", "dialog", "cookie", "nieuwsbrief", "overlay", "banner"];

    // The ids an accordion button opens: aria-controls on an element that has aria-expanded.
    private static HashSet<string> CollapsedPanelIds(HtmlNode body)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var toggle in body.Descendants().Where(n => n.Attributes.Contains("aria-expanded") && n.Attributes.Contains("aria-controls")))
        {
            ids.UnionWith(toggle.GetAttributeValue("aria-controls", "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return ids;
    }

    /// <summary>
    /// A hidden element that is a closed accordion panel: its text is the page's content, hidden only until the resident
    /// opens it (municipal pages put whole answers in accordions). Recognised by the button that opens it, by
    /// <c>hidden="until-found"</c>, by a definition-list answer, or by an accordion class; never a menu or pop-up.
    /// </summary>
    internal static bool IsCollapsedPanel(HtmlNode node, IReadOnlySet<string> panelIds)
    {
        var classes = node.GetAttributeValue("class", "").ToLowerInvariant();
        if (PopupClassWords.Any(w => classes.Contains(w, StringComparison.Ordinal)) || FurnitureElements.Contains(node.Name)
            || FurnitureRoles.Contains(node.GetAttributeValue("role", "")))
        {
            return false;
        }

        return panelIds.Contains(node.GetAttributeValue("id", ""))
            || string.Equals(node.GetAttributeValue("hidden", ""), "until-found", StringComparison.OrdinalIgnoreCase)
            || node.Name == "dd"
            || PanelClassWords.Any(w => classes.Contains(w, StringComparison.Ordinal));
    }

    internal static bool IsHidden(HtmlNode node)
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
    internal static void RemoveAll(HtmlNode root, Func<HtmlNode, bool> predicate)
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
    internal static void RemoveLinkDenseBlocks(HtmlNode body) => RemoveAll(body, node =>
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

        var textLength = HtmlSectionWriter.InlineText(node).Length;
        var linkLength = anchors.Sum(a => HtmlSectionWriter.InlineText(a).Length);
        return textLength == 0 || linkLength > 0.5 * textLength;
    });

    // A light Readability: paragraphs vote for their parent (and half for their grandparent); the block with the
    // most non-link prose wins, widened to its parent when that only adds a little (typically the headings).
    internal static HtmlNode FindByTextDensity(HtmlNode body)
    {
        var scores = new Dictionary<HtmlNode, double>();
        foreach (var paragraph in body.Descendants().Where(n => n.Name is "p" or "pre" or "blockquote" or "li" or "dd" or "td"))
        {
            var length = HtmlSectionWriter.InlineText(paragraph).Length;
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
            var own = HtmlSectionWriter.InlineText(best).Length;
            var added = parent.ChildNodes
                .Where(c => c != best && c.Name is not ("h1" or "h2" or "h3" or "h4" or "h5" or "h6"))
                .Sum(c => HtmlSectionWriter.InlineText(c).Length);
            if (added > own / 4)
            {
                break;
            }

            best = parent;
        }

        return best;
    }

    internal static double LinkDensity(HtmlNode node)
    {
        var total = HtmlSectionWriter.InlineText(node).Length;
        if (total == 0)
        {
            return 1;
        }

        return Math.Min(1, node.Descendants("a").Sum(a => HtmlSectionWriter.InlineText(a).Length) / (double)total);
    }

    internal static bool HasText(HtmlNode node) => !string.IsNullOrWhiteSpace(node.InnerText);
}
