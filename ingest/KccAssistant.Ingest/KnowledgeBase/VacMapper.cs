using System.Text.Json;
using KccAssistant.Documents;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>
/// Maps a VAC (Objecten API objecttype "VAC") to a document. Only the question and the answer are indexed;
/// <c>toelichting</c> is internal guidance for agents and is never read.
/// </summary>
internal static class VacMapper
{
    private static string? NullIfEmpty(string text) => text.Length > 0 ? text : null;

    public static IngestItem Map(JsonElement data, ObjectenRecord? wrapper, ItemOrigin origin)
    {
        var question = HtmlPlainText.Collapse(data.GetText("vraag") ?? "");
        var id = wrapper?.Uuid ?? data.GetText("uuid", "id") ?? (question.Length > 0 ? KnowledgeItemMapper.DerivedId("vac", question) : null);
        var location = id ?? origin.Describe();

        var fields = KnowledgeItemMapper.PolicyFields(data);
        if (PublicationPolicy.ConfidentialReason(fields) is { } confidential)
        {
            return new SkippedItem(location, SkipReason.Confidential, $"VAC {confidential}");
        }

        if ((PublicationPolicy.InactiveReason(fields) ?? PublicationPolicy.ValidityReason(wrapper?.StartAt, wrapper?.EndAt, origin.Now)) is { } inactive)
        {
            return new SkippedItem(location, SkipReason.Inactive, $"VAC {inactive}") { Title = NullIfEmpty(question) };
        }

        if (question.Length == 0 || id is null)
        {
            return new SkippedItem(location, SkipReason.Failed, $"VAC without vraag ({origin.Location})");
        }

        var answer = RichText.ToPlainText(data.GetText("antwoord"));
        if (answer.Length == 0)
        {
            return new SkippedItem(location, SkipReason.Failed, $"VAC without antwoord ({origin.Location})") { Title = question };
        }

        var keywords = data.GetStrings("trefwoorden", "trefwoord", "naam", "value")
            .Concat(data.GetStrings("gerelateerdeProducten", "productNaam", "naam", "name"));

        return new DocumentItem(new SourceDocument
        {
            Id = id,
            SourceName = origin.SourceName,
            Type = SourceType.Vac,
            Title = question,
            Question = question,
            Url = wrapper?.Url ?? data.GetText("url") ?? $"kennisbank:vac/{id}",
            LastModified = data.GetDate("datumWijziging", "laatstGewijzigd", "gewijzigdOp") ?? wrapper?.RegistrationAt,
            Keywords = KnowledgeItemMapper.DistinctKeywords(keywords),
            Sections = [new DocumentSection("Antwoord", answer)],
        });
    }
}
