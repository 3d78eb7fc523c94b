using System.Text;
using System.Text.RegularExpressions;
using HtmlAgilityPack;
using KccAssistant.Ingest.Web;

namespace KccAssistant.Tests.Web;

/// <summary>One page of the extraction corpus: the HTML the extractor sees (truth marks stripped) and its labelled sentences.</summary>
internal sealed record CorpusPage(string Name, string Html, IReadOnlyList<string> Content, IReadOnlyList<string> Boilerplate, int Ambiguous);

/// <summary>What one extractor kept of one page.</summary>
internal sealed record PageScore(string Page, int Content, int ContentKept, int Boilerplate, int BoilerplateDropped)
{
    public double ContentKeptShare => Content == 0 ? 1 : (double)ContentKept / Content;

    public double BoilerplateDroppedShare => Boilerplate == 0 ? 1 : (double)BoilerplateDropped / Boilerplate;
}

/// <summary>
/// The extraction corpus (tests/KccAssistant.Tests/Web/ExtractionCorpus, see docs/extraction.md) and how an extractor is
/// scored on it. Every page marks its truth with data-truth="content" or data-truth="boilerplate" on elements (the nearest
/// mark wins); the marks are removed before the extractor sees the page. A page's text is cut into sentences at block
/// boundaries and at . ! ?; a sentence is kept when its normalised text occurs in the extractor's normalised output.
/// Sentences of fewer than three words are not scored (a menu item "Afval" occurs in any text about waste), nor are
/// sentences whose text also occurs under the other label (an "Op deze pagina" entry repeating a heading).
/// </summary>
internal static partial class ExtractionCorpusMeasure
{
    public const string TruthAttribute = "data-truth";
    public const int MinimumWords = 3;

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "head" };

    // Elements whose start and end break the text into separate lines (blocks, table cells, controls).
    private static readonly HashSet<string> Breaking = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "caption",
        "thead", "tbody", "section", "article", "header", "footer", "nav", "main", "aside", "details", "summary", "address",
        "br", "button", "form", "label", "input", "blockquote", "figure", "figcaption", "body", "html", "pre", "hr", "img",
    };

    public static string CorpusFolder => Path.Combine(AppContext.BaseDirectory, "Web", "ExtractionCorpus");

    public static IReadOnlyList<CorpusPage> LoadCorpus() =>
        [.. Directory.GetFiles(CorpusFolder, "*.html").Order(StringComparer.Ordinal).Select(path => Load(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path)))];

    /// <summary>
    /// The sample municipality's pages (ingest/samples/website) with their truth from its template, the same on every
    /// page: the text of main#content is content except the read-aloud button; everything else (cookie banner, menus,
    /// breadcrumb, related links, "last changed", share links, feedback form, footer) is boilerplate. Empty when the
    /// folder is absent.
    /// </summary>
    public static IReadOnlyList<CorpusPage> LoadSampleSite()
    {
        var folder = KnowledgeBase.RepositoryLayout.Root is { } root ? Path.Combine(root, "ingest", "samples", "website") : null;
        if (folder is null || !Directory.Exists(folder))
        {
            return [];
        }

        var pages = new List<CorpusPage>();
        foreach (var path in Directory.GetFiles(folder, "*.html").Order(StringComparer.Ordinal))
        {
            var document = new HtmlDocument();
            document.Load(path);
            var main = document.DocumentNode.Descendants("main").FirstOrDefault(n => n.Id == "content");
            if (main is null)
            {
                continue;
            }

            document.DocumentNode.Descendants("body").Single().SetAttributeValue(TruthAttribute, "boilerplate");
            main.SetAttributeValue(TruthAttribute, "content");
            foreach (var readAloud in main.Descendants().Where(n => n.GetClasses().Contains("rsbtn")))
            {
                readAloud.SetAttributeValue(TruthAttribute, "boilerplate");
            }

            pages.Add(Load("lindenhaven/" + Path.GetFileNameWithoutExtension(path), document.DocumentNode.OuterHtml));
        }

        return pages;
    }

    public static CorpusPage Load(string name, string labelledHtml)
    {
        var document = new HtmlDocument();
        document.LoadHtml(labelledHtml);
        var lines = Lines(document.DocumentNode, null);

        var content = Sentences(lines.Where(l => l.Label == "content").Select(l => l.Text));
        var boilerplate = Sentences(lines.Where(l => l.Label == "boilerplate").Select(l => l.Text));
        var contentText = string.Join('\n', content);
        var boilerplateText = string.Join('\n', boilerplate);
        var ambiguousContent = content.Where(s => boilerplateText.Contains(s, StringComparison.Ordinal)).ToHashSet();
        var ambiguousBoilerplate = boilerplate.Where(s => contentText.Contains(s, StringComparison.Ordinal)).ToHashSet();

        foreach (var marked in document.DocumentNode.Descendants().Where(n => n.Attributes.Contains(TruthAttribute)).ToList())
        {
            marked.Attributes.Remove(TruthAttribute);
        }

        return new CorpusPage(
            name,
            document.DocumentNode.OuterHtml,
            [.. content.Where(s => !ambiguousContent.Contains(s))],
            [.. boilerplate.Where(s => !ambiguousBoilerplate.Contains(s))],
            ambiguousContent.Count + ambiguousBoilerplate.Count);
    }

    /// <summary>Lower case, whitespace collapsed, no space before closing punctuation.</summary>
    public static string Normalize(string text) =>
        SpaceBeforePunctuation().Replace(HtmlContentExtractor.NormalizeWhitespace(text).ToLowerInvariant(), "$1");

    public static PageScore Score(CorpusPage page, string extracted)
    {
        var text = Normalize(extracted);
        return new PageScore(
            page.Name,
            page.Content.Count,
            page.Content.Count(s => text.Contains(s, StringComparison.Ordinal)),
            page.Boilerplate.Count,
            page.Boilerplate.Count(s => !text.Contains(s, StringComparison.Ordinal)));
    }

    /// <summary>The text the product's extractor writes: title, then every section's heading and text.</summary>
    public static string ExtractWithLocator(CorpusPage page)
    {
        var extracted = new HtmlContentExtractor().Extract(page.Html, new Uri($"https://www.voorbeeld.example/{page.Name}"));
        var builder = new StringBuilder(extracted.Title).Append('\n');
        foreach (var section in extracted.Sections)
        {
            builder.Append(section.Heading).Append('\n').Append(section.Text).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// SmartReader's article: its title and its content HTML flattened with the same block breaks as the truth, so that
    /// both extractors are judged on what they keep, not on how they lay out text.
    /// </summary>
    public static string ExtractWithSmartReader(CorpusPage page)
    {
        // The default options: Readability's own heuristics, continuing even when it judges the page not "readerable".
        using var reader = new SmartReader.Reader($"https://www.voorbeeld.example/{page.Name}", page.Html);
        var article = reader.GetArticle();
        if (!article.Completed || string.IsNullOrEmpty(article.Content))
        {
            return article.Title ?? "";
        }

        var document = new HtmlDocument();
        document.LoadHtml(article.Content);
        return (article.Title ?? "") + "\n" + string.Join('\n', Lines(document.DocumentNode, null).Select(l => l.Text));
    }

    public static PageScore Total(string name, IEnumerable<PageScore> scores)
    {
        var list = scores.ToList();
        return new PageScore(name, list.Sum(s => s.Content), list.Sum(s => s.ContentKept), list.Sum(s => s.Boilerplate), list.Sum(s => s.BoilerplateDropped));
    }

    // The text under root as lines, each with the truth label of its nearest marked ancestor (null when unmarked).
    private static List<(string? Label, string Text)> Lines(HtmlNode root, string? rootLabel)
    {
        var lines = new List<(string? Label, string Text)>();
        var current = new StringBuilder();
        string? currentLabel = rootLabel;

        void Break()
        {
            if (current.Length > 0)
            {
                lines.Add((currentLabel, current.ToString()));
            }

            current.Clear();
        }

        void Walk(HtmlNode node, string? label)
        {
            if (node.NodeType == HtmlNodeType.Text)
            {
                if (label != currentLabel)
                {
                    Break();
                    currentLabel = label;
                }

                current.Append(HtmlEntity.DeEntitize(((HtmlTextNode)node).Text));
                return;
            }

            if (node.NodeType == HtmlNodeType.Comment || Skipped.Contains(node.Name))
            {
                return;
            }

            label = node.GetAttributeValue(TruthAttribute, null) ?? label;
            var breaks = Breaking.Contains(node.Name);
            if (breaks)
            {
                Break();
            }
            else
            {
                // Inline elements (links, emphasis) sit between words: "Deel via Facebook Deel via X" stays two words apart.
                current.Append(' ');
            }

            foreach (var child in node.ChildNodes)
            {
                Walk(child, label);
            }

            if (breaks)
            {
                Break();
            }
            else
            {
                current.Append(' ');
            }
        }

        Walk(root, rootLabel);
        Break();
        return lines;
    }

    private static List<string> Sentences(IEnumerable<string> lines) =>
        [.. lines
            .SelectMany(line => SentenceEnd().Split(Normalize(line)))
            .Select(s => s.Trim())
            .Where(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit)) >= MinimumWords)
            .Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+([.,;:!?)])")]
    private static partial Regex SpaceBeforePunctuation();
}
