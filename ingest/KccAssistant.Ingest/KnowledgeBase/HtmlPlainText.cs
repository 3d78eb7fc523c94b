using System.Net;
using System.Text;
using HtmlAgilityPack;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>
/// Turns rich text from knowledge-base fields (HTML fragments) into the plain text the index and the chunker expect:
/// paragraphs separated by blank lines, list items as "- " lines, table rows as "a | b" lines, entities decoded,
/// non-breaking and other special spaces normalised, whitespace collapsed.
/// </summary>
public static class HtmlPlainText
{
    // Marks a hard line break (<br>) while inline white space is collapsed.
    private const char LineBreak = '\u2028';

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "svg", "iframe", "object", "embed", "canvas",
        "select", "input", "textarea", "button", "img", "video", "audio", "map",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "pre", "hr",
        "figure", "figcaption", "address", "details", "summary", "form", "fieldset", "caption", "body", "html",
    };

    /// <summary>Converts an HTML fragment or document to plain text; returns "" for null or blank input.</summary>
    public static string Convert(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var document = new HtmlDocument();
        document.LoadHtml(html);
        return Convert(document.DocumentNode.ChildNodes);
    }

    /// <summary>Converts a sequence of sibling HTML nodes (e.g. the nodes between two headings) to plain text.</summary>
    public static string Convert(IEnumerable<HtmlNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var writer = new Writer();
        foreach (var node in nodes)
        {
            writer.Visit(node);
        }

        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Normalises decoded text: special spaces to a space, invisible characters removed.</summary>
    internal static string NormaliseSpaces(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF':
                    break;
                case '\u00A0' or '\u2007' or '\u202F' or '\t' or '\r' or '\n' or '\f' or '\v':
                    builder.Append(' ');
                    break;
                case LineBreak:
                    builder.Append(LineBreak);
                    break;
                default:
                    builder.Append(char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.SpaceSeparator ? ' ' : c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Collapses white space inside one block; hard line breaks survive as '\n'.</summary>
    internal static string Collapse(string text)
    {
        var normalised = NormaliseSpaces(text);
        var builder = new StringBuilder(normalised.Length);
        var pendingSpace = false;
        foreach (var c in normalised)
        {
            if (c == LineBreak)
            {
                TrimEndSpaces(builder);
                if (builder.Length > 0)
                {
                    builder.Append('\n');
                }

                pendingSpace = false;
            }
            else if (c == ' ')
            {
                pendingSpace = builder.Length > 0 && builder[^1] != '\n';
            }
            else
            {
                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
            }
        }

        while (builder.Length > 0 && builder[^1] is '\n' or ' ')
        {
            builder.Length--;
        }

        return builder.ToString();
    }

    private static void TrimEndSpaces(StringBuilder builder)
    {
        while (builder.Length > 0 && builder[^1] == ' ')
        {
            builder.Length--;
        }
    }

    private sealed class Writer
    {
        private readonly List<(string Text, bool IsLine)> _blocks = [];
        private readonly StringBuilder _inline = new();
        private int _listDepth;
        private bool _inListItem;
        private bool _listItemStarted;
        private int _preDepth;

        public void Visit(HtmlNode node)
        {
            switch (node.NodeType)
            {
                case HtmlNodeType.Comment:
                    return;
                case HtmlNodeType.Text:
                    var raw = ((HtmlTextNode)node).Text;
                    var decoded = WebUtility.HtmlDecode(raw);
                    _inline.Append(_preDepth > 0 ? decoded.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\n', LineBreak) : decoded);
                    return;
                case HtmlNodeType.Document:
                    VisitChildren(node);
                    return;
            }

            var name = node.Name;
            if (Skipped.Contains(name))
            {
                return;
            }

            if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                _inline.Append(LineBreak);
                return;
            }

            if (!Blocks.Contains(name))
            {
                VisitChildren(node);
                return;
            }

            switch (name.ToLowerInvariant())
            {
                case "ul" or "ol":
                    Flush();
                    _listDepth++;
                    var (wasInItem, wasStarted) = (_inListItem, _listItemStarted);
                    _inListItem = false;
                    VisitChildren(node);
                    Flush();
                    (_inListItem, _listItemStarted) = (wasInItem, wasStarted);
                    _listDepth--;
                    return;
                case "li":
                    Flush();
                    var (outerInItem, outerStarted) = (_inListItem, _listItemStarted);
                    (_inListItem, _listItemStarted) = (true, false);
                    VisitChildren(node);
                    Flush();
                    (_inListItem, _listItemStarted) = (outerInItem, outerStarted);
                    return;
                case "tr":
                    Flush();
                    WriteRow(node);
                    return;
                case "pre":
                    Flush();
                    _preDepth++;
                    VisitChildren(node);
                    _preDepth--;
                    Flush();
                    return;
                case "hr":
                    Flush();
                    return;
                default:
                    Flush();
                    VisitChildren(node);
                    Flush();
                    return;
            }
        }

        private void VisitChildren(HtmlNode node)
        {
            foreach (var child in node.ChildNodes)
            {
                Visit(child);
            }
        }

        private void WriteRow(HtmlNode row)
        {
            var cells = new List<string>();
            foreach (var cell in row.ChildNodes)
            {
                if (cell.Name is "td" or "th" or "TD" or "TH")
                {
                    var text = Convert(cell.ChildNodes).Replace("\n\n", " ", StringComparison.Ordinal).Replace('\n', ' ');
                    cells.Add(text);
                }
            }

            if (cells.Exists(c => c.Length > 0))
            {
                _blocks.Add((string.Join(" | ", cells).Trim(), true));
            }
        }

        public void Flush()
        {
            if (_inline.Length == 0)
            {
                return;
            }

            var text = Collapse(_inline.ToString());
            _inline.Clear();
            if (text.Length == 0)
            {
                return;
            }

            if (_inListItem)
            {
                var indent = new string(' ', 2 * Math.Max(0, _listDepth - 1));
                var lines = text.Split('\n');
                var builder = new StringBuilder();
                for (var i = 0; i < lines.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append('\n');
                    }

                    // The first line of an item gets the bullet; later blocks of the same item are indented under it.
                    builder.Append(indent).Append(i == 0 && !_listItemStarted ? "- " : "  ").Append(lines[i]);
                }

                _listItemStarted = true;
                _blocks.Add((builder.ToString(), true));
            }
            else
            {
                _blocks.Add((text, false));
            }
        }

        public override string ToString()
        {
            var builder = new StringBuilder();
            for (var i = 0; i < _blocks.Count; i++)
            {
                if (i > 0)
                {
                    // List items and table rows follow each other line by line; everything else is a paragraph.
                    builder.Append(_blocks[i].IsLine && _blocks[i - 1].IsLine ? "\n" : "\n\n");
                }

                builder.Append(_blocks[i].Text);
            }

            return builder.ToString();
        }
    }
}
