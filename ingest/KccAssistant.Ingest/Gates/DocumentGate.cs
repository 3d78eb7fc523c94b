using System.Text.RegularExpressions;
using KccAssistant.Documents;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Privacy;

namespace KccAssistant.Ingest.Gates;

/// <summary>
/// Keeps documents with personal data out of the index: everything that would be indexed (title, question,
/// keywords, section headings and text) is scanned. The skip names the document and the kinds of data found,
/// never the data itself.
/// </summary>
public sealed partial class DocumentGate : Pipeline.IDocumentGate
{
    private readonly PersonalDataDetector _detector;

    /// <summary>Creates a gate using <paramref name="detector"/> (with the allow-list of <c>Kcc:PersonalData</c>), or the default detector.</summary>
    public DocumentGate(PersonalDataDetector? detector = null) => _detector = detector ?? PersonalDataDetector.Default;

    /// <summary>Null when the document may be indexed; otherwise a <see cref="SkipReason.PersonalData"/> skip.</summary>
    public SkippedItem? Check(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var counts = new SortedDictionary<PersonalDataKind, int>();
        var places = new List<string>();

        void Scan(string? text, string place)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            var findings = _detector.Find(text);
            if (findings.Count == 0)
            {
                return;
            }

            foreach (var finding in findings)
            {
                counts[finding.Kind] = counts.GetValueOrDefault(finding.Kind) + 1;
            }

            if (!places.Contains(place))
            {
                places.Add(place);
            }
        }

        Scan(document.Title, "title");
        Scan(document.Question, "question");
        foreach (var keyword in document.Keywords)
        {
            Scan(keyword, "keywords");
        }

        foreach (var section in document.Sections)
        {
            var place = section.Heading.Length == 0 ? "lead text" : $"section '{Mask(section.Heading)}'";
            Scan(section.Heading, place);
            Scan(section.Text, place);
        }

        if (counts.Count == 0)
        {
            return null;
        }

        var kinds = string.Join(", ", counts.Select(c => $"{Name(c.Key)} ({c.Value})"));
        var id = Mask(document.Id);
        return new SkippedItem(id, SkipReason.PersonalData, $"{document.Type} {id} contains personal data: {kinds} in {string.Join(", ", places)}")
        {
            // The title helps the editor find the page, unless the personal data is in the title itself.
            Title = places.Contains("title") ? null : document.Title,
        };
    }

    /// <summary>
    /// Replaces personal data in a name that goes into the skip (an id or heading) by its kind. Ids are URLs, where
    /// a number after "?bsn=" escapes the detector's context rules, so any lone nine digits passing the 11-proef go too.
    /// </summary>
    private string Mask(string text)
    {
        text = NineDigits().Replace(text, m => PersonalDataDetector.IsValidBsn(m.Value) ? "[BSN]" : m.Value);
        var findings = _detector.Find(text);
        for (var i = findings.Count - 1; i >= 0; i--)
        {
            var finding = findings[i];
            text = string.Concat(text.AsSpan(0, finding.Start), $"[{Name(finding.Kind)}]", text.AsSpan(finding.Start + finding.Length));
        }

        return text;
    }

    private static string Name(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Bsn => "BSN",
        PersonalDataKind.Iban => "IBAN",
        PersonalDataKind.Email => "e-mail address",
        PersonalDataKind.Phone => "phone number",
        _ => kind.ToString(),
    };

    [GeneratedRegex(@"(?<!\d)\d{9}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NineDigits();
}
