using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace KccAssistant.Web.Components;

/// <summary>A block of stored text as it is shown on the stored-copy page (<c>/bron/{id}</c>).</summary>
public abstract record SourceBlock;

/// <summary>Lines of one paragraph; hard line breaks (<c>&lt;br&gt;</c> in the source) are kept.</summary>
public sealed record ParagraphBlock(IReadOnlyList<string> Lines) : SourceBlock;

/// <summary>A bulleted or numbered list.</summary>
public sealed record ListBlock(bool Ordered, IReadOnlyList<ListItem> Items) : SourceBlock;

/// <summary>One list item: its lines and the list nested under it, if any.</summary>
public sealed record ListItem(IReadOnlyList<string> Lines, ListBlock? Nested);

/// <summary>Table rows, each a list of cells.</summary>
public sealed record TableBlock(IReadOnlyList<IReadOnlyList<string>> Rows) : SourceBlock;

/// <summary>
/// Reads the structure that ingest keeps in stored text back into blocks, so the stored copy shows lists and tables
/// instead of "- a - b" and "x | y" lines.
/// </summary>
/// <remarks>
/// The format is the one the extractors write (<c>HtmlContentExtractor</c> for web pages, <c>HtmlPlainText</c> for
/// knowledge-base fields): paragraphs separated by a blank line; a list item is a line starting with "- " (indented two
/// spaces per nesting level, later lines of the same item indented without a bullet); a table row is a line with its
/// cells joined by " | ". Plain-text sources also use "• ", "* " and "1. ", so those are read as list items too.
/// </remarks>
public static partial class SourceText
{
    /// <summary>The blocks of <paramref name="text"/> in reading order.</summary>
    public static IReadOnlyList<SourceBlock> Parse(string? text)
    {
        var blocks = new List<SourceBlock>();
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var paragraph = new List<string>();
        var table = new List<IReadOnlyList<string>>();
        var list = new List<(int Indent, bool Ordered, List<string> Lines)>();

        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            var indent = line.Length - trimmed.Length;
            if (trimmed.Length == 0)
            {
                FlushAll();
                continue;
            }

            var bullet = Bullet().Match(trimmed);
            if (bullet.Success)
            {
                FlushParagraph();
                FlushTable();
                list.Add((indent, char.IsAsciiDigit(bullet.Groups["mark"].Value[0]), [bullet.Groups["text"].Value.Trim()]));
            }
            else if (list.Count > 0 && indent > 0)
            {
                // An indented line without a bullet continues the item above it (a second paragraph of that item).
                list[^1].Lines.Add(trimmed);
            }
            else if (IsTableRow(trimmed))
            {
                FlushParagraph();
                FlushList();
                table.Add(trimmed.Split('|').Select(c => c.Trim()).ToList());
            }
            else
            {
                FlushList();
                FlushTable();
                paragraph.Add(trimmed);
            }
        }

        FlushAll();
        return blocks;

        void FlushAll()
        {
            FlushParagraph();
            FlushList();
            FlushTable();
        }

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(new ParagraphBlock([.. paragraph]));
                paragraph.Clear();
            }
        }

        void FlushTable()
        {
            if (table.Count > 0)
            {
                blocks.Add(new TableBlock([.. table]));
                table.Clear();
            }
        }

        void FlushList()
        {
            if (list.Count > 0)
            {
                var position = 0;
                blocks.Add(BuildList(list, ref position, list[0].Indent));
                list.Clear();
            }
        }
    }

    /// <summary>
    /// The blocks as HTML; <paramref name="inline"/> renders each piece of text (it must encode it) so the caller
    /// decides what is marked.
    /// </summary>
    public static MarkupString ToHtml(IReadOnlyList<SourceBlock> blocks, Func<string, string>? inline = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        inline ??= HtmlEncoder.Default.Encode;
        var html = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ParagraphBlock paragraph:
                    html.Append("<p>").AppendJoin("<br>", paragraph.Lines.Select(inline)).Append("</p>");
                    break;
                case ListBlock list:
                    AppendList(html, list, inline);
                    break;
                case TableBlock table:
                    AppendTable(html, table, inline);
                    break;
            }
        }

        return new MarkupString(html.ToString());
    }

    // Text rows of a table: at least one " | " between cells; a lone "|" inside a sentence is rare in Dutch prose.
    private static bool IsTableRow(string line) => line.Contains(" | ", StringComparison.Ordinal);

    private static ListBlock BuildList(List<(int Indent, bool Ordered, List<string> Lines)> items, ref int position, int indent)
    {
        var result = new List<ListItem>();
        var ordered = items[position].Ordered;
        while (position < items.Count && items[position].Indent >= indent)
        {
            var (itemIndent, _, lines) = items[position];
            if (itemIndent > indent && result.Count > 0)
            {
                var nested = BuildList(items, ref position, itemIndent);
                result[^1] = result[^1] with { Nested = nested };
                continue;
            }

            result.Add(new ListItem(lines, null));
            position++;
        }

        return new ListBlock(ordered, result);
    }

    private static void AppendList(StringBuilder html, ListBlock list, Func<string, string> inline)
    {
        var tag = list.Ordered ? "ol" : "ul";
        html.Append('<').Append(tag).Append('>');
        foreach (var item in list.Items)
        {
            html.Append("<li>").AppendJoin("<br>", item.Lines.Select(inline));
            if (item.Nested is not null)
            {
                AppendList(html, item.Nested, inline);
            }

            html.Append("</li>");
        }

        html.Append("</").Append(tag).Append('>');
    }

    private static void AppendTable(StringBuilder html, TableBlock table, Func<string, string> inline)
    {
        html.Append("<div class=\"table-responsive\"><table class=\"table table-sm table-bordered w-auto bron-tabel\"><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(inline(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    [GeneratedRegex(@"^(?<mark>[-•*▪◦·–]|\d{1,2}[.)])\s+(?<text>\S.*)$")]
    private static partial Regex Bullet();
}
