using HtmlAgilityPack;
using KccAssistant.Documents;
using KccAssistant.Ingest.Pipeline;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>
/// Reads a Markdown article with optional YAML front matter (<c>title</c>, <c>id</c>, <c>status</c>, <c>url</c>,
/// <c>trefwoorden</c>/<c>keywords</c>, <c>laatstGewijzigd</c>/<c>lastModified</c>, <c>vertrouwelijk</c>) into a
/// document with one section per <c>##</c>/<c>###</c> heading.
/// </summary>
internal static class MarkdownArticleReader
{
    /// <summary>Prefix of ids made from a file path, for articles without an id in their front matter.</summary>
    public const string PathIdPrefix = "markdown:";

    /// <summary>True when the text starts with a front matter fence.</summary>
    public static bool HasFrontMatter(string text)
    {
        var trimmed = text.TrimStart('\uFEFF');
        return trimmed.StartsWith("---\n", StringComparison.Ordinal) || trimmed.StartsWith("---\r\n", StringComparison.Ordinal);
    }

    /// <param name="text">The file or response body.</param>
    /// <param name="pathId">A stable id from the file's path relative to the imported folder, used when the front matter has no id.</param>
    /// <param name="origin">Where it was read.</param>
    public static IngestItem Read(string text, string pathId, ItemOrigin origin)
    {
        text = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        var frontMatter = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var body = text;
        if (HasFrontMatter(text))
        {
            if (FindClosingFence(text) is not { } close)
            {
                return new SkippedItem(origin.Location, SkipReason.Failed, "front matter is not closed with ---");
            }

            var yaml = text[4..close.Start];
            body = text[close.End..];
            if (ParseFrontMatter(yaml, frontMatter) is { } error)
            {
                return new SkippedItem(origin.Location, SkipReason.Failed, error);
            }
        }

        IReadOnlyList<string> Values(string name) => frontMatter.TryGetValue(name, out var values) ? values : [];
        string? First(params string[] names) => names.Select(n => Values(n)).Where(v => v.Count > 0).Select(v => v[0]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        var id = First("id", "uuid") ?? pathId;
        if (PublicationPolicy.ConfidentialReason(Values) is { } confidential)
        {
            return new SkippedItem(id, SkipReason.Confidential, $"Markdown article {confidential}");
        }

        if ((PublicationPolicy.InactiveReason(Values)
             ?? PublicationPolicy.ValidityReason(JsonFields.ParseDate(First("startAt", "geldigVanaf")), JsonFields.ParseDate(First("endAt", "geldigTot")), origin.Now)) is { } inactive)
        {
            return new SkippedItem(id, SkipReason.Inactive, $"Markdown article {inactive}") { Title = First("title", "titel") };
        }

        var (h1, sections) = ReadSections(body);
        var title = HtmlPlainText.Collapse(First("title", "titel") ?? h1 ?? "");
        if (title.Length == 0)
        {
            return new SkippedItem(id, SkipReason.Failed, $"Markdown article without title ({origin.Location})");
        }

        if (sections.Count == 0)
        {
            return new SkippedItem(id, SkipReason.Failed, $"Markdown article without text ({origin.Location})");
        }

        var question = First("vraag", "question");
        return new DocumentItem(new SourceDocument
        {
            Id = id,
            SourceName = origin.SourceName,
            Type = SourceType.Markdown,
            Title = title,
            Question = question is null ? null : HtmlPlainText.Collapse(question),
            Url = First("url", "canonical") ?? $"kennisbank:markdown/{(id.StartsWith(PathIdPrefix, StringComparison.Ordinal) ? id[PathIdPrefix.Length..] : id)}",
            LastModified = JsonFields.ParseDate(First("laatstGewijzigd", "lastModified", "datumWijziging", "last_modified", "updated", "date")),
            Keywords = KnowledgeItemMapper.DistinctKeywords(Values("trefwoorden").Concat(Values("keywords")).Concat(Values("tags"))),
            Sections = sections,
        });
    }

    private static (int Start, int End)? FindClosingFence(string text)
    {
        var position = 4;
        while (position <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            var line = lineEnd < 0 ? text[position..] : text[position..lineEnd];
            if (line.TrimEnd() is "---" or "...")
            {
                return (position, lineEnd < 0 ? text.Length : lineEnd + 1);
            }

            if (lineEnd < 0)
            {
                break;
            }

            position = lineEnd + 1;
        }

        return null;
    }

    /// <summary>Fills <paramref name="result"/> with scalar and list values; returns an error text or null.</summary>
    private static string? ParseFrontMatter(string yaml, Dictionary<string, List<string>> result)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlException exception)
        {
            // Line numbers count from the first line of the file: the opening fence is line 1.
            return $"invalid front matter at line {exception.Start.Line + 1}";
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            return "invalid front matter: not a mapping";
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            var values = new List<string>();
            switch (valueNode)
            {
                case YamlScalarNode { Value: { } scalar }:
                    values.Add(scalar);
                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Children)
                    {
                        if (item is YamlScalarNode { Value: { } itemValue })
                        {
                            values.Add(itemValue);
                        }
                        else if (item is YamlMappingNode itemMapping)
                        {
                            // [{trefwoord: paspoort}] like the JSON exports.
                            values.AddRange(itemMapping.Children.Values.OfType<YamlScalarNode>().Select(s => s.Value).OfType<string>().Take(1));
                        }
                    }

                    break;
            }

            result[key] = values;
        }

        return null;
    }

    /// <summary>The first level-1 heading and the sections split at level-2 and level-3 headings.</summary>
    private static (string? H1, List<DocumentSection> Sections) ReadSections(string markdown)
    {
        var html = Markdig.Markdown.ToHtml(markdown, RichText.Markdown);
        var document = new HtmlDocument();
        document.LoadHtml(html);

        string? h1 = null;
        var sections = new List<DocumentSection>();
        var heading = "";
        string? anchor = null;
        var nodes = new List<HtmlNode>();

        void Close()
        {
            var text = HtmlPlainText.Convert(nodes);
            if (text.Length > 0)
            {
                sections.Add(new DocumentSection(heading, text, anchor));
            }

            nodes.Clear();
        }

        foreach (var node in document.DocumentNode.ChildNodes)
        {
            var name = node.Name.ToLowerInvariant();
            if (name == "h1" && h1 is null && sections.Count == 0 && nodes.TrueForAll(n => n.NodeType == HtmlNodeType.Text && string.IsNullOrWhiteSpace(n.InnerText)))
            {
                h1 = HeadingText(node);
                continue;
            }

            if (name is "h1" or "h2" or "h3")
            {
                Close();
                heading = HeadingText(node);
                anchor = node.GetAttributeValue("id", null!);
                continue;
            }

            nodes.Add(node);
        }

        Close();
        return (h1, sections);
    }

    private static string HeadingText(HtmlNode node) => HtmlPlainText.Convert([node]).Replace('\n', ' ');
}
