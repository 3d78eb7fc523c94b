using System.Text.Json;
using KccAssistant.Documents;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>Maps a Rijksoverheid open-data FAQ ("vraag en antwoord") to a document.</summary>
internal static class RijksoverheidFaqMapper
{
    public static IngestItem Map(JsonElement data, ItemOrigin origin)
    {
        var question = HtmlPlainText.Collapse(data.GetText("question") ?? "");
        var id = data.GetText("id") ?? (question.Length > 0 ? KnowledgeItemMapper.DerivedId("rijksoverheid", question) : null);
        var location = id ?? origin.Describe();

        var fields = KnowledgeItemMapper.PolicyFields(data);
        if (PublicationPolicy.ConfidentialReason(fields) is { } confidential)
        {
            return new SkippedItem(location, SkipReason.Confidential, $"FAQ {confidential}");
        }

        if (PublicationPolicy.InactiveReason(fields) is { } inactive)
        {
            return new SkippedItem(location, SkipReason.Inactive, $"FAQ {inactive}") { Title = question.Length > 0 ? question : null };
        }

        if (question.Length == 0 || id is null)
        {
            return new SkippedItem(location, SkipReason.Failed, $"FAQ without question ({origin.Location})");
        }

        var sections = new List<DocumentSection>();
        var introduction = RichText.ToPlainText(data.GetText("introduction"));
        if (introduction.Length > 0)
        {
            sections.Add(new DocumentSection("", introduction));
        }

        if (data.TryGet(out var content, "content") && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var paragraph in content.EnumerateArray())
            {
                var text = RichText.ToPlainText(paragraph.GetText("paragraph"));
                if (text.Length == 0)
                {
                    continue;
                }

                var heading = HtmlPlainText.Collapse(paragraph.GetText("paragraphtitle") ?? "");
                if (heading.Length == 0 && sections.Count > 0)
                {
                    // An untitled paragraph continues the part before it.
                    sections[^1] = sections[^1] with { Text = sections[^1].Text + "\n\n" + text };
                }
                else
                {
                    sections.Add(new DocumentSection(heading, text));
                }
            }
        }

        if (sections.Count == 0)
        {
            return new SkippedItem(location, SkipReason.Failed, $"FAQ without answer text ({origin.Location})");
        }

        return new DocumentItem(new SourceDocument
        {
            Id = id,
            SourceName = origin.SourceName,
            Type = SourceType.Rijksoverheid,
            Title = question,
            Question = question,
            Url = data.GetText("canonical") ?? data.GetText("dataurl") ?? $"kennisbank:rijksoverheid/{id}",
            LastModified = data.GetDate("lastmodified"),
            Keywords = KnowledgeItemMapper.DistinctKeywords(data.GetStrings("subjects")),
            Sections = sections,
        });
    }
}
