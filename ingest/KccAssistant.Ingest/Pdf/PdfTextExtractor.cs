using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KccAssistant.Documents;
using KccAssistant.Ingest.Pipeline;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace KccAssistant.Ingest.Pdf;

/// <summary>The page of the website that links to a PDF: the context a PDF on its own lacks.</summary>
/// <param name="PageUrl">URL of the linking page.</param>
/// <param name="PageTitle">Title of the linking page.</param>
public sealed record PdfLinkContext(string PageUrl, string PageTitle);

/// <summary>Where a PDF came from and under which URL it is indexed.</summary>
/// <param name="SourceName">The configured source.</param>
/// <param name="Url">The normalised URL of the PDF: its document id and citation URL (pages as <c>#page=N</c>).</param>
public sealed record PdfSource(string SourceName, string Url)
{
    /// <summary>The first page found linking to the PDF, if any.</summary>
    public PdfLinkContext? LinkedFrom { get; init; }

    /// <summary>ETag response header, for conditional re-fetching.</summary>
    public string? ETag { get; init; }

    /// <summary>Last-Modified response header, for conditional re-fetching and as a fallback date.</summary>
    public string? HttpLastModified { get; init; }
}

/// <summary>What reading a PDF gave: a document with its content fingerprint, or a skip saying why not.</summary>
public sealed record PdfReadResult(IngestItem Item, string? Fingerprint);

/// <summary>
/// Turns a PDF into a document of its own: text in reading order per page, headings recognised by font size and
/// weight, tables (lines with cells in columns) written as rows with " | " like HTML tables, list items as "- ", and
/// a section per heading and page whose anchor is <c>page=N</c>, so a citation opens the PDF at the right page.
/// PDFs without a text layer (scans), with too many pages, marked confidential, or unreadable are skipped with their reason.
/// </summary>
public sealed partial class PdfTextExtractor
{
    private static readonly string[] BulletPrefixes = ["•", "·", "▪", "◦", "–", "-", "*"];

    private readonly PdfOptions _options;

    /// <summary>Creates an extractor with <paramref name="options"/> (validated) or the defaults.</summary>
    public PdfTextExtractor(PdfOptions? options = null)
    {
        _options = options ?? new PdfOptions();
        PdfOptionsValidator.ThrowIfInvalid(_options);
    }

    /// <summary>The limits in force.</summary>
    public PdfOptions Options => _options;

    /// <summary>True for a URL path or file name ending in ".pdf".</summary>
    public static bool IsPdfPath(string path) => path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="pdf"/> into a document for <paramref name="source"/>, or a skip with the reason.</summary>
    public PdfReadResult Read(ReadOnlyMemory<byte> pdf, PdfSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (pdf.Length > _options.MaxBytes)
        {
            return Skip(source.Url, SkipReason.Failed, $"too large (more than {_options.MaxBytes} bytes)");
        }

        try
        {
            using var document = PdfDocument.Open(pdf.ToArray(), new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            if (document.NumberOfPages > _options.MaxPages)
            {
                return Skip(source.Url, SkipReason.Failed, $"PDF has {document.NumberOfPages} pages, more than Kcc:Pdf:MaxPages ({_options.MaxPages})");
            }

            var lines = new List<PdfLine>();
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                lines.AddRange(ReadLines(document.GetPage(number)));
            }

            if (lines.Count == 0)
            {
                return Skip(source.Url, SkipReason.Failed, "PDF without a text layer (scanned?)");
            }

            lines = RemoveRunningHeadersAndFooters(lines, document.NumberOfPages);
            if (lines.Count == 0)
            {
                // Page numbers stamped on a scan are no text layer.
                return Skip(source.Url, SkipReason.Failed, "PDF without a text layer (scanned?)");
            }

            if (lines.Where(l => l.Page == 1).FirstOrDefault(l => ConfidentialMark().IsMatch(l.Text)) is { } mark)
            {
                return Skip(source.Url, SkipReason.Confidential, $"PDF marked '{mark.Text.Trim()}'");
            }

            var layout = new Layout(lines);
            var title = Title(document.Information.Title, layout, source.Url);
            var sections = layout.Sections(title);
            if (sections.Sum(s => s.Text.Length) == 0)
            {
                return Skip(source.Url, SkipReason.Failed, "PDF without a text layer (scanned?)");
            }

            var result = new SourceDocument
            {
                Id = source.Url,
                SourceName = source.SourceName,
                Type = SourceType.Website,
                // Agents see at a glance that the citation opens a document rather than a web page.
                Title = $"{title} (pdf)",
                Url = source.Url,
                LastModified = PdfDate(document.Information.ModifiedDate) ?? PdfDate(document.Information.CreationDate)
                    ?? (DateTimeOffset.TryParse(source.HttpLastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var header) ? header : null),
                // The linking page says what the PDF is for ("Tarieven burgerzaken"); indexed like keywords.
                Keywords = source.LinkedFrom is { PageTitle.Length: > 0 } linked ? [linked.PageTitle] : [],
                Sections = sections,
                ETag = source.ETag,
                HttpLastModified = source.HttpLastModified,
            };
            return new PdfReadResult(new DocumentItem(result), Fingerprint(title, sections));
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // A damaged, encrypted or hostile PDF throws whatever the parser meets; one PDF never stops a run.
            return Skip(source.Url, SkipReason.Failed, $"could not read PDF: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static PdfReadResult Skip(string url, SkipReason reason, string detail) => new(new SkippedItem(url, reason, detail), null);

    private static string Fingerprint(string title, IReadOnlyList<DocumentSection> sections)
    {
        var builder = new StringBuilder(title).Append('\u001f');
        foreach (var section in sections)
        {
            builder.Append(section.Heading).Append('\u001e').Append(section.Text).Append('\u001d');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static string Title(string? metadataTitle, Layout layout, string url)
    {
        // Office exports often carry a file name or "Microsoft Word - ..." as title: the text's own title is better then.
        if (!string.IsNullOrWhiteSpace(metadataTitle) && !metadataTitle.Contains(".doc", StringComparison.OrdinalIgnoreCase)
            && !metadataTitle.StartsWith("Microsoft ", StringComparison.OrdinalIgnoreCase)
            && !metadataTitle.Equals("untitled", StringComparison.OrdinalIgnoreCase))
        {
            return Collapse(metadataTitle);
        }

        if (layout.FirstHeading() is { } heading)
        {
            return heading;
        }

        var name = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Path.GetFileNameWithoutExtension(Uri.UnescapeDataString(uri.AbsolutePath)) : url;
        return name.Replace('-', ' ').Replace('_', ' ');
    }

    // "D:20260115093000+01'00'" as PDF dates are written.
    private static DateTimeOffset? PdfDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var digits = value.StartsWith("D:", StringComparison.Ordinal) ? value[2..] : value;
        digits = new string(digits.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length < 8)
        {
            return null;
        }

        digits = digits.PadRight(14, '0')[..14];
        return DateTime.TryParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : null;
    }

    private static IEnumerable<PdfLine> ReadLines(Page page)
    {
        var words = page.GetWords()
            .Where(w => !string.IsNullOrWhiteSpace(w.Text) && w.TextOrientation == TextOrientation.Horizontal)
            .OrderByDescending(w => w.BoundingBox.Bottom)
            .ThenBy(w => w.BoundingBox.Left)
            .ToList();
        var current = new List<Word>();
        double baseline = 0;
        foreach (var word in words)
        {
            var size = Size(word);
            if (current.Count > 0 && Math.Abs(word.BoundingBox.Bottom - baseline) > size * 0.4)
            {
                yield return Line(page, current);
                current = [];
            }

            if (current.Count == 0)
            {
                baseline = word.BoundingBox.Bottom;
            }

            current.Add(word);
        }

        if (current.Count > 0)
        {
            yield return Line(page, current);
        }
    }

    private static PdfLine Line(Page page, List<Word> words)
    {
        words.Sort((a, b) => a.BoundingBox.Left.CompareTo(b.BoundingBox.Left));
        var size = words.Max(Size);
        var cells = new List<string>();
        var cell = new StringBuilder();
        Word? previous = null;
        foreach (var word in words)
        {
            // A gap much wider than a space separates table columns; justified text stretches spaces far less.
            if (previous is not null && word.BoundingBox.Left - previous.BoundingBox.Right > size * 1.2)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }

            if (cell.Length > 0)
            {
                cell.Append(' ');
            }

            cell.Append(word.Text);
            previous = word;
        }

        cells.Add(cell.ToString());
        var letters = words.SelectMany(w => w.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var bold = letters.Count > 0 && letters.All(IsBold);
        var top = words.Max(w => w.BoundingBox.Top);
        var bottom = words.Min(w => w.BoundingBox.Bottom);
        // Running headers and footers live in the top and bottom 7 % of a page; a table header repeated on every page does not.
        var margin = page.Height > 0 && (bottom > page.Height * 0.93 || top < page.Height * 0.07);
        return new PdfLine(page.Number, top, bottom, words[0].BoundingBox.Left,
            Math.Round(size * 2, MidpointRounding.AwayFromZero) / 2, bold, cells, letters.Count) { InMargin = margin };
    }

    private static double Size(Word word) => word.Letters.Count == 0 ? 0 : word.Letters.Max(l => l.PointSize);

    private static bool IsBold(Letter letter) =>
        letter.FontDetails?.IsBold == true || (letter.FontDetails?.Weight ?? 0) >= 600
        || (letter.FontName is { } name && (name.Contains("Bold", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Black", StringComparison.OrdinalIgnoreCase) || name.Contains("Heavy", StringComparison.OrdinalIgnoreCase)));

    // Lines that repeat on most pages (letterhead, "Gemeente Lindenhaven – Tarieven 2026", page numbers) are not content.
    private static List<PdfLine> RemoveRunningHeadersAndFooters(List<PdfLine> lines, int pages)
    {
        var kept = lines.Where(l => !(l.InMargin && PageNumber().IsMatch(l.Text))).ToList();
        if (pages < 2)
        {
            return kept;
        }

        var repeated = kept.Where(l => l.InMargin).GroupBy(l => Digits().Replace(l.Text, "#"), StringComparer.Ordinal)
            .Where(g => g.Select(l => l.Page).Distinct().Count() >= Math.Max(2, (pages + 1) / 2))
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        return repeated.Count == 0 ? kept : [.. kept.Where(l => !l.InMargin || !repeated.Contains(Digits().Replace(l.Text, "#")))];
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"^\s*(pagina|blz\.?|page)?\s*\d{1,4}(\s*(van|/|of)\s*\d{1,4})?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\s*(vertrouwelijk|strikt vertrouwelijk|intern|niet openbaar|alleen voor intern gebruik)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConfidentialMark();

    private sealed record PdfLine(int Page, double Top, double Bottom, double Left, double Size, bool Bold, IReadOnlyList<string> Cells, int Letters)
    {
        public bool InMargin { get; init; }

        public string Text => string.Join(' ', Cells);
    }

    // Classifies lines against the document's body size and writes sections of blocks.
    private sealed class Layout
    {
        private readonly List<PdfLine> _lines;
        private readonly double _bodySize;

        public Layout(List<PdfLine> lines)
        {
            _lines = lines;
            // The size most characters are set in is the body text.
            _bodySize = lines.GroupBy(l => l.Size).OrderByDescending(g => g.Sum(l => l.Letters)).ThenBy(g => g.Key).First().Key;
        }

        public string? FirstHeading()
        {
            var first = _lines.Where(l => l.Page == 1 && IsHeading(l)).MaxBy(l => l.Size);
            return first is null ? null : Collapse(first.Text);
        }

        public List<DocumentSection> Sections(string title)
        {
            var sections = new List<DocumentSection>();
            var blocks = new List<string>();
            var heading = "";
            var page = _lines[0].Page;
            var block = new StringBuilder();
            var kind = BlockKind.None;
            PdfLine? previous = null;
            var titleSkipped = false;

            void FlushBlock()
            {
                if (block.Length > 0)
                {
                    blocks.Add(block.ToString().Trim());
                    block.Clear();
                }

                kind = BlockKind.None;
            }

            void CloseSection()
            {
                FlushBlock();
                if (blocks.Count > 0)
                {
                    sections.Add(new DocumentSection(heading, string.Join("\n\n", blocks), $"page={page}"));
                    blocks.Clear();
                }
            }

            foreach (var line in _lines)
            {
                if (line.Page != page)
                {
                    // A section that runs on keeps its heading; the new part cites its own page.
                    CloseSection();
                    page = line.Page;
                    previous = null;
                }

                var text = Collapse(line.Text);
                if (IsHeading(line))
                {
                    if (!titleSkipped && line.Page == 1 && sections.Count == 0 && blocks.Count == 0 && block.Length == 0
                        && string.Equals(text, title, StringComparison.OrdinalIgnoreCase))
                    {
                        // The title is the citation's title already (like a page's h1).
                        titleSkipped = true;
                        previous = line;
                        continue;
                    }

                    if (previous is not null && IsHeading(previous) && previous.Size == line.Size && heading.Length > 0 && blocks.Count == 0 && block.Length == 0)
                    {
                        // A heading set over two lines.
                        heading = $"{heading} {text}";
                    }
                    else
                    {
                        CloseSection();
                        heading = text;
                    }

                    previous = line;
                    continue;
                }

                if (line.Cells.Count >= 2)
                {
                    if (kind != BlockKind.Table)
                    {
                        FlushBlock();
                        kind = BlockKind.Table;
                    }
                    else
                    {
                        block.Append('\n');
                    }

                    block.Append(string.Join(" | ", line.Cells.Select(Collapse)));
                    previous = line;
                    continue;
                }

                var bullet = BulletPrefixes.FirstOrDefault(b => text.StartsWith(b + " ", StringComparison.Ordinal) || (text.Length > b.Length && b is "•" or "▪" && text.StartsWith(b, StringComparison.Ordinal)));
                var gap = previous is null ? 0 : previous.Bottom - line.Top;
                var newParagraph = previous is null || gap > line.Size * 0.6 || kind == BlockKind.Table;
                if (bullet is not null)
                {
                    if (kind != BlockKind.List || newParagraph && gap > line.Size * 1.2)
                    {
                        FlushBlock();
                    }
                    else
                    {
                        block.Append('\n');
                    }

                    kind = BlockKind.List;
                    block.Append("- ").Append(text[bullet.Length..].TrimStart());
                }
                else if (kind == BlockKind.List && !newParagraph && previous is not null && line.Left > previous.Left)
                {
                    // The wrapped rest of a list item, indented under its text.
                    AppendWrapped(block, text);
                }
                else
                {
                    if (newParagraph || kind != BlockKind.Paragraph)
                    {
                        FlushBlock();
                        kind = BlockKind.Paragraph;
                    }

                    AppendWrapped(block, text);
                }

                previous = line;
            }

            CloseSection();
            return sections;
        }

        // Joins a wrapped line, undoing the hyphenation of a word split at the line end ("aan-" + "vraag").
        private static void AppendWrapped(StringBuilder block, string text)
        {
            if (block.Length == 0 || block[^1] == '\n')
            {
                block.Append(text);
                return;
            }

            if (block.Length > 1 && block[^1] == '-' && char.IsLetter(block[^2]) && text.Length > 0 && char.IsLower(text[0]))
            {
                block.Length--;
                block.Append(text);
                return;
            }

            block.Append(' ').Append(text);
        }

        private bool IsHeading(PdfLine line)
        {
            if (line.Cells.Count != 1 || line.Letters > 120 || line.Text.EndsWith('.') || line.Text.EndsWith(','))
            {
                return false;
            }

            return line.Size >= _bodySize * 1.15 || (line.Bold && line.Size >= _bodySize * 0.95);
        }

        private enum BlockKind
        {
            None,
            Paragraph,
            List,
            Table,
        }
    }
}
