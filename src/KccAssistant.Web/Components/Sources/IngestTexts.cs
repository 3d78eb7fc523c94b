using System.Globalization;
using System.Text.RegularExpressions;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Web.Components.Sources;

/// <summary>
/// The Dutch words of the Bronnen page for what the ingest pipeline records in English codes: skip reasons, their
/// details, the basis of a total, durations. The pipeline's report keeps its stable English codes (the report
/// contract, logs, tests); editors read Dutch.
/// </summary>
internal static partial class IngestTexts
{
    /// <summary>Every skip reason with its short Dutch label, in the order the filter shows them.</summary>
    public static IReadOnlyList<(SkipReason Reason, string Label, string Explanation)> Reasons { get; } =
    [
        (SkipReason.Robots, "robots", "De website vraagt zoekmachines deze pagina niet te bezoeken (robots.txt)."),
        (SkipReason.NoIndex, "noindex", "De pagina vraagt niet opgenomen te worden in een zoekindex (noindex)."),
        (SkipReason.Confidential, "vertrouwelijk", "Gemarkeerd als intern of vertrouwelijk; alleen openbare informatie wordt ingelezen."),
        (SkipReason.Inactive, "niet actief", "Niet actief: ingetrokken, concept, gearchiveerd of buiten de geldigheidsperiode."),
        (SkipReason.PersonalData, "persoonsgegevens", "Bevat persoonsgegevens (zoals een BSN of IBAN) en wordt daarom niet ingelezen."),
        (SkipReason.Duplicate, "dubbel", "Dezelfde inhoud of hetzelfde adres als een document dat al is ingelezen."),
        (SkipReason.Failed, "mislukt", "Kon niet worden opgehaald of gelezen."),
    ];

    /// <summary>The Dutch label of a reason code as the report stores it ("Inactive" becomes "niet actief").</summary>
    public static string Label(string reason) =>
        Enum.TryParse<SkipReason>(reason, ignoreCase: true, out var parsed) ? Reasons.First(r => r.Reason == parsed).Label : "overig";

    /// <summary>A Dutch sentence explaining a reason code.</summary>
    public static string Explanation(string reason) =>
        Enum.TryParse<SkipReason>(reason, ignoreCase: true, out var parsed) ? Reasons.First(r => r.Reason == parsed).Explanation : "Overgeslagen.";

    // Ordered: longer phrases before the words they contain. Covers the details the readers, crawler and gate write.
    private static readonly (Regex Pattern, string Dutch)[] DetailPhrases =
    [
        (Phrase(@"an item with this id was already read in this run"), "een item met hetzelfde id is in deze run al gelezen"),
        (Phrase(@"PDF without a text layer \(scanned\?\)"), "pdf zonder tekstlaag (gescand document?): er is geen tekst uit te lezen"),
        (Phrase(@"could not read PDF"), "kon de pdf niet lezen"),
        (Phrase(@"PDF marked"), "pdf gemarkeerd als"),
        (Phrase(@"PDF has"), "pdf heeft"),
        (Phrase(@"disallowed by robots\.txt"), "uitgesloten door robots.txt"),
        (Phrase(@"meta robots noindex"), "de pagina vraagt om niet te indexeren (meta robots noindex)"),
        (Phrase(@"X-Robots-Tag noindex"), "de server vraagt om niet te indexeren (X-Robots-Tag noindex)"),
        (Phrase(@"no main content found"), "geen hoofdinhoud gevonden"),
        (Phrase(@"location not found"), "locatie niet gevonden"),
        (Phrase(@"unknown format"), "onbekend formaat"),
        (Phrase(@"unsupported content type"), "niet ondersteund bestandstype"),
        (Phrase(@"invalid front matter"), "ongeldige front matter"),
        (Phrase(@"front matter is not closed with ---"), "front matter is niet afgesloten met ---"),
        (Phrase(@"invalid JSON"), "ongeldige JSON"),
        (Phrase(@"could not read item"), "kon het item niet lezen"),
        (Phrase(@"could not read file"), "kon het bestand niet lezen"),
        (Phrase(@"contains personal data"), "bevat persoonsgegevens"),
        (Phrase(@"already indexed as"), "al ingelezen als"),
        (Phrase(@"same content as"), "zelfde inhoud als"),
        (Phrase(@"paging stopped after"), "bladeren gestopt na"),
        (Phrase(@"paging stopped"), "bladeren gestopt"),
        (Phrase(@"without Dutch translation"), "zonder Nederlandse vertaling"),
        (Phrase(@"without answer text"), "zonder antwoordtekst"),
        (Phrase(@"without"), "zonder"),
        (Phrase(@"Markdown article"), "Markdown-artikel"),
        (Phrase(@"too large \(more than"), "te groot (meer dan"),
        (Phrase(@"more than"), "meer dan"),
        (Phrase(@"redirect loop at"), "omleidingslus bij"),
        (Phrase(@"redirect to a non-http URL"), "omleiding naar een niet-http-adres"),
        (Phrase(@"redirects"), "omleidingen"),
        (Phrase(@"not reached"), "nog niet bereikt"),
        (Phrase(@"marked"), "gemarkeerd als"),
        (Phrase(@"ended at"), "verlopen op"),
        (Phrase(@"starts at"), "geldig vanaf"),
        (Phrase(@"at line"), "op regel"),
        (Phrase(@"position"), "positie"),
        (Phrase(@"pages"), "pagina's"),
        (Phrase(@"lead text"), "inleiding"),
        (Phrase(@"title"), "titel"),
        (Phrase(@"question"), "vraag"),
        (Phrase(@"text"), "tekst"),
        (Phrase(@"section"), "sectie"),
        (Phrase(@"keywords"), "trefwoorden"),
    ];

    /// <summary>The detail of a skip in Dutch: the known English phrases of the pipeline translated, names and numbers kept.</summary>
    public static string Detail(string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        foreach (var (pattern, dutch) in DetailPhrases)
        {
            detail = pattern.Replace(detail, dutch);
        }

        return detail;
    }

    /// <summary>
    /// How a skipped item is named in the list: its title, else its link, else why there is no title. Titles of
    /// confidential items and titles holding personal data are not recorded, so they cannot leak through this page.
    /// </summary>
    public static string ItemLabel(SkipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Title ?? entry.Url ?? entry.Reason switch
        {
            nameof(SkipReason.Confidential) => "(vertrouwelijk item: titel niet getoond)",
            nameof(SkipReason.PersonalData) => "(titel niet getoond: bevat persoonsgegevens)",
            _ => "(zonder titel)",
        };
    }

    /// <summary>Where a total comes from, in the words an editor needs to judge it.</summary>
    public static string Basis(TotalBasis? basis) => basis switch
    {
        TotalBasis.Sitemap => "totaal uit sitemap",
        TotalBasis.KnowledgeBase => "totaal uit de kennisbank",
        TotalBasis.Folder => "totaal uit de map met de opgeslagen site",
        TotalBasis.PreviousRun => "schatting: vorige run",
        _ => "totaal nog onbekend",
    };

    /// <summary>A duration as "1 min 05 s" or "40 s".</summary>
    public static string Duration(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds:00} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)Math.Round(span.TotalSeconds))} s");

    private static Regex Phrase(string pattern) => new($@"(?<![\w\-/.#]){pattern}(?![\w\-/#]|\.\w)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
