using System.Globalization;
using System.Text;
using HtmlAgilityPack;
using KccAssistant.Documents;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// The third job of <see cref="HtmlContentExtractor"/>: walks the main content in reading order and writes sections of
/// blocks — paragraphs, lists ("- " items), tables (" | " rows) — split on h1–h3 with their anchors.
/// </summary>
internal sealed class HtmlSectionWriter(HtmlNode? titleNode)
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
            id = HtmlContentExtractor.Slugify(text);
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
            .Select(HtmlContentExtractor.NormalizeWhitespace)
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

    // Never content: code, embedded media and interactive widgets.
    internal static readonly HashSet<string> NeverContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "video", "audio",
        "map", "head", "link", "meta", "title", "base",
    };

    internal static string Decode(string text) => HtmlEntity.DeEntitize(text) ?? "";

    internal static string InlineText(HtmlNode node, bool skipLists = false)
    {
        var builder = new StringBuilder();
        AppendInline(node, builder, skipLists, 0);
        return HtmlContentExtractor.NormalizeWhitespace(builder.ToString());
    }

    internal static void AppendInline(HtmlNode node, StringBuilder builder, bool skipLists, int depth)
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
}
