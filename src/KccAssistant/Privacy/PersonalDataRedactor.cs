using System.Text;

namespace KccAssistant.Privacy;

/// <summary>
/// Replaces personal data in a question or answer by a placeholder of its kind (<c>[BSN]</c>, <c>[IBAN]</c>,
/// <c>[e-mail]</c>, <c>[telefoonnummer]</c>, <c>[adres]</c>) before it is stored. It uses the ingest gate's
/// <see cref="PersonalDataDetector"/> and allow-list, in <see cref="PersonalDataScope.Question"/> scope: an agent who
/// types a number or an address into a question is typing the resident's.
/// </summary>
public sealed class PersonalDataRedactor
{
    private readonly PersonalDataDetector _detector;

    /// <summary>A redactor without an allow-list.</summary>
    public static PersonalDataRedactor Default { get; } = new(new PersonalDataOptions());

    /// <summary>Creates a redactor that spares the organisation's own contact details of <paramref name="options"/>.</summary>
    public PersonalDataRedactor(PersonalDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _detector = new PersonalDataDetector(options, PersonalDataScope.Question);
    }

    /// <summary>The placeholder that replaces data of <paramref name="kind"/>.</summary>
    public static string Placeholder(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Bsn => "[BSN]",
        PersonalDataKind.Iban => "[IBAN]",
        PersonalDataKind.Email => "[e-mail]",
        PersonalDataKind.Phone => "[telefoonnummer]",
        PersonalDataKind.Address => "[adres]",
        _ => "[persoonsgegeven]",
    };

    /// <summary><paramref name="text"/> with every finding replaced by its placeholder; the rest stays as typed.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = _detector.Find(text);
        if (findings.Count == 0)
        {
            return text;
        }

        // Findings are in the caller's coordinates (the detector maps its normalised view back), ordered and never
        // overlapping, so one pass from left to right rebuilds the text.
        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var finding in findings)
        {
            builder.Append(text, position, finding.Start - position).Append(Placeholder(finding.Kind));
            position = finding.Start + finding.Length;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }
}
