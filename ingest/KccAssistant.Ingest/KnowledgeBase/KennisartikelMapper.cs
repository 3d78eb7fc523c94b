using System.Text.Json;
using KccAssistant.Documents;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>
/// Maps a kennisartikel (SDG/PDC product with <c>vertalingen[]</c>) to a document of its Dutch translation, one
/// section per filled-in product text with the Dutch label agents know. <c>deskMemo</c> is internal and never read.
/// </summary>
internal static class KennisartikelMapper
{
    /// <summary>Product text fields in reading order with their section labels; the first pair are the lead text.</summary>
    private static readonly (string[] Fields, string Label)[] SectionFields =
    [
        (["tekst", "specifiekeTekst"], "Inleiding"),
        (["procedureBeschrijving"], "Aanvraag"),
        (["vereisten"], "Voorwaarden"),
        (["bewijs"], "Bewijs"),
        (["kostenEnBetaalmethoden"], "Kosten"),
        (["uitersteTermijn"], "Termijn"),
        (["bezwaarEnBeroep"], "Bezwaar en beroep"),
        (["wtdBijGeenReactie"], "Wat te doen bij geen reactie"),
        (["notice"], "Bijzonderheden"),
        (["contact"], "Contact"),
    ];

    public static IngestItem Map(JsonElement data, ObjectenRecord? wrapper, ItemOrigin origin)
    {
        var translation = DutchTranslation(data);
        var title = translation is { } t ? HtmlPlainText.Collapse(t.GetText("titel", "productTitelDecentraal") ?? "") : "";
        if (title.Length == 0)
        {
            title = HtmlPlainText.Collapse(data.GetText("titel", "productTitelDecentraal", "upnLabel") ?? "");
        }

        var id = wrapper?.Uuid ?? data.GetText("uuid", "id") ?? (title.Length > 0 ? KnowledgeItemMapper.DerivedId("kennisartikel", title) : null);
        var location = id ?? origin.Describe();

        var fields = translation is { } tr ? KnowledgeItemMapper.PolicyFields(data, tr) : KnowledgeItemMapper.PolicyFields(data);
        if (PublicationPolicy.ConfidentialReason(fields) is { } confidential)
        {
            return new SkippedItem(location, SkipReason.Confidential, $"kennisartikel {confidential}");
        }

        var publication = data.GetDate("publicatieDatum");
        var inactive = PublicationPolicy.InactiveReason(fields)
            ?? PublicationPolicy.ValidityReason(wrapper?.StartAt, wrapper?.EndAt, origin.Now)
            ?? (publication > origin.Now ? $"publicatieDatum {publication:yyyy-MM-dd} not reached" : null);
        if (inactive is not null)
        {
            return new SkippedItem(location, SkipReason.Inactive, $"kennisartikel {inactive}") { Title = title.Length > 0 ? title : null };
        }

        if (translation is not { } dutch)
        {
            return new SkippedItem(location, SkipReason.Failed, $"kennisartikel without Dutch translation ({origin.Location})");
        }

        if (title.Length == 0 || id is null)
        {
            return new SkippedItem(location, SkipReason.Failed, $"kennisartikel without titel ({origin.Location})");
        }

        var sections = new List<DocumentSection>();
        foreach (var (names, label) in SectionFields)
        {
            var text = RichText.ToPlainText(dutch.GetText(names));
            if (text.Length > 0)
            {
                sections.Add(new DocumentSection(label, text));
            }
        }

        if (sections.Count == 0)
        {
            return new SkippedItem(location, SkipReason.Failed, $"kennisartikel without text ({origin.Location})");
        }

        var upnLabel = data.GetText("upnLabel");
        var keywords = dutch.GetStrings("trefwoorden", "trefwoord", "naam", "value")
            .Concat(data.GetStrings("trefwoorden", "trefwoord", "naam", "value"))
            .Append(upnLabel is not null && !upnLabel.Equals(title, StringComparison.OrdinalIgnoreCase) ? upnLabel : null);

        return new DocumentItem(new SourceDocument
        {
            Id = id,
            SourceName = origin.SourceName,
            Type = SourceType.Kennisartikel,
            Title = title,
            Url = wrapper?.Url ?? data.GetText("url") ?? $"kennisbank:kennisartikel/{id}",
            LastModified = dutch.GetDate("datumWijziging") ?? data.GetDate("datumWijziging", "laatstGewijzigd") ?? publication ?? wrapper?.RegistrationAt,
            Keywords = KnowledgeItemMapper.DistinctKeywords(keywords),
            Sections = sections,
        });
    }

    private static JsonElement? DutchTranslation(JsonElement data)
    {
        if (!data.TryGet(out var translations, "vertalingen") || translations.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var translation in translations.EnumerateArray())
        {
            var language = translation.GetText("taal", "language");
            if (translation.ValueKind == JsonValueKind.Object && language is not null
                && (language.Equals("nl", StringComparison.OrdinalIgnoreCase) || language.StartsWith("nl-", StringComparison.OrdinalIgnoreCase)))
            {
                return translation;
            }
        }

        return null;
    }
}
