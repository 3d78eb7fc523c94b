using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace KccAssistant.Ingest.Gates;

/// <summary>A kind of personal data the gate looks for.</summary>
public enum PersonalDataKind
{
    /// <summary>A burgerservicenummer: nine digits passing the 11-proef.</summary>
    Bsn,
    /// <summary>A bank account number (IBAN) with a valid mod-97 check, not of an organisation.</summary>
    Iban,
    /// <summary>An e-mail address at a consumer mail provider (a private person's address).</summary>
    Email,
}

/// <summary>Where personal data was found. Deliberately holds no value, so it can be logged and reported.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Start">Offset in the scanned text.</param>
/// <param name="Length">Length in the scanned text.</param>
public readonly record struct PersonalDataFinding(PersonalDataKind Kind, int Start, int Length);

/// <summary>
/// Finds personal data in text with high precision: a missed BSN in municipal content is rare, a public article
/// wrongly dropped is not. BSNs must pass the 11-proef and stand alone (not part of a longer number, an amount, a
/// phone number or an organisation number); IBANs must have the right length for their country and a valid mod-97
/// check, and organisational accounts (BNG Bank, "t.n.v. gemeente ...") are left alone; e-mail addresses count only
/// at consumer mail providers, never role addresses like info@ or the municipality's own domain.
/// </summary>
public sealed partial class PersonalDataDetector
{
    private static readonly FrozenDictionary<string, int> IbanLengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DJ"] = 27,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FK"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22,
        ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32,
        ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19,
        ["MN"] = 20, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23, ["PK"] = 24,
        ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24, ["SC"] = 31,
        ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25, ["SV"] = 28, ["TL"] = 23,
        ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20, ["YE"] = 30,
    }.ToFrozenDictionary();

    // Consumer mail providers: an address there belongs to a person, not to an organisation.
    private static readonly FrozenSet<string> ConsumerMailDomains = new[]
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.nl", "outlook.com", "outlook.nl", "live.com", "live.nl",
        "msn.com", "yahoo.com", "yahoo.nl", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.com", "gmx.net",
        "gmx.de", "web.de", "proton.me", "protonmail.com", "ziggo.nl", "kpnmail.nl", "kpnplanet.nl", "planet.nl", "home.nl",
        "xs4all.nl", "casema.nl", "chello.nl", "hetnet.nl", "quicknet.nl", "online.nl", "tele2.nl", "zeelandnet.nl",
        "upcmail.nl", "telfort.nl", "caiway.nl", "solcon.nl", "versatel.nl", "freeler.nl", "wxs.nl",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] RoleMailboxes =
    [
        "info", "contact", "post", "postbus", "noreply", "no-reply", "admin", "webmaster", "kcc", "klantcontact", "gemeente",
        "secretariaat", "service", "support", "helpdesk", "redactie", "pers", "communicatie", "privacy", "balie", "loket",
    ];

    private readonly bool _detectEmail;

    /// <summary>A detector for BSN, IBAN and private e-mail addresses.</summary>
    public static PersonalDataDetector Default { get; } = new();

    /// <summary>Creates a detector.</summary>
    /// <param name="detectEmail">Whether private e-mail addresses (at consumer mail providers) count as personal data.</param>
    public PersonalDataDetector(bool detectEmail = true) => _detectEmail = detectEmail;

    /// <summary>Personal data in <paramref name="text"/>, ordered by position; findings never overlap.</summary>
    public IReadOnlyList<PersonalDataFinding> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = new List<PersonalDataFinding>();
        if (text.Length == 0)
        {
            return findings;
        }

        FindIbans(text, findings);
        FindBsns(text, findings);
        if (_detectEmail)
        {
            FindEmails(text, findings);
        }

        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return findings;
    }

    /// <summary>True when the text holds any personal data.</summary>
    public bool Contains(string text) => Find(text).Count > 0;

    /// <summary>The 11-proef of a nine-digit BSN (leading zeros included).</summary>
    public static bool IsValidBsn(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 9)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            if (!char.IsAsciiDigit(digits[i]))
            {
                return false;
            }

            var digit = digits[i] - '0';
            sum += i < 8 ? digit * (9 - i) : -digit;
        }

        // Issued numbers have at least 8 significant digits: "000000000" or "001234567" are not BSNs.
        return sum % 11 == 0 && !(digits[0] == '0' && digits[1] == '0');
    }

    /// <summary>Length for the country and ISO 13616 mod-97 check of a compact IBAN (no spaces).</summary>
    public static bool IsValidIban(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 15 || !IbanLengths.TryGetValue(iban[..2].ToString().ToUpperInvariant(), out var length) || iban.Length != length)
        {
            return false;
        }

        if (!char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = char.ToUpperInvariant(iban[(i + 4) % iban.Length]);
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    private static void FindIbans(string text, List<PersonalDataFinding> findings)
    {
        foreach (Match match in IbanStart().Matches(text))
        {
            var country = match.Value[..2].ToUpperInvariant();
            if (!IbanLengths.TryGetValue(country, out var length))
            {
                continue;
            }

            // Collect the expected number of characters, allowing single spaces between groups ("NL91 ABNA 0417 1643 00").
            var compact = new StringBuilder(length);
            var i = match.Index;
            while (i < text.Length && compact.Length < length)
            {
                var c = text[i];
                if (char.IsAsciiLetterOrDigit(c))
                {
                    compact.Append(c);
                    i++;
                }
                else if (c is ' ' or '\u00A0' && compact.Length > 0 && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            if (compact.Length != length || (i < text.Length && char.IsAsciiLetterOrDigit(text[i])))
            {
                continue;
            }

            var iban = compact.ToString();
            if (!IsValidIban(iban) || IsOrganisationAccount(iban, text, i))
            {
                continue;
            }

            findings.Add(new PersonalDataFinding(PersonalDataKind.Iban, match.Index, i - match.Index));
        }
    }

    /// <summary>
    /// BNG Bank only banks for public bodies, and an account "t.n.v. gemeente ..." is the municipality's: publishing
    /// those is what a payment page is for.
    /// </summary>
    private static bool IsOrganisationAccount(string iban, string text, int end)
    {
        if (iban.StartsWith("NL", StringComparison.OrdinalIgnoreCase) && iban.AsSpan(4, 4).Equals("BNGH", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var after = text.AsSpan(end, Math.Min(80, text.Length - end)).ToString();
        return OrganisationPayee().IsMatch(after);
    }

    private void FindBsns(string text, List<PersonalDataFinding> findings)
    {
        foreach (Match match in BsnCandidate().Matches(text))
        {
            var digits = new string(match.Value.Where(char.IsAsciiDigit).ToArray());
            if (!IsValidBsn(digits) || Overlaps(findings, match.Index, match.Length))
            {
                continue;
            }

            if (PartOfLongerNumber(text, match.Index, match.Index + match.Length) || LooksLikeAmount(text, match.Index, match.Index + match.Length)
                || NotAPersonNumber(text, match.Index))
            {
                continue;
            }

            findings.Add(new PersonalDataFinding(PersonalDataKind.Bsn, match.Index, match.Length));
        }
    }

    /// <summary>"0123456782" (a phone number), "12 345678201", "123456782.5": digits go on past a separator.</summary>
    private static bool PartOfLongerNumber(string text, int start, int end)
    {
        if (start >= 2 && text[start - 1] is ' ' or '.' or '-' or '/' or '\u00A0' && char.IsAsciiDigit(text[start - 2]))
        {
            return true;
        }

        if (start >= 1 && text[start - 1] is '+' or '#')
        {
            return true;
        }

        return end + 1 < text.Length && text[end] is ' ' or '.' or ',' or '-' or '/' or '\u00A0' && char.IsAsciiDigit(text[end + 1]);
    }

    /// <summary>"€ 123.456.782", "123.456.782,-" and "123456782 euro" are amounts.</summary>
    private static bool LooksLikeAmount(string text, int start, int end)
    {
        var before = text.AsSpan(Math.Max(0, start - 6), start - Math.Max(0, start - 6)).TrimEnd();
        if (before.EndsWith("€") || before.EndsWith("$") || before.EndsWith("£") || before.EndsWith("EUR", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var after = text.AsSpan(end, Math.Min(8, text.Length - end)).TrimStart();
        return after.StartsWith(",-") || after.StartsWith("€") || after.StartsWith("euro", StringComparison.OrdinalIgnoreCase)
            || after.StartsWith("EUR", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>RSIN, KvK, btw, phone and postbus numbers, named just before the digits, are not a person's BSN.</summary>
    private static bool NotAPersonNumber(string text, int start)
    {
        var windowStart = Math.Max(0, start - 30);
        var before = text[windowStart..start];
        var lineBreak = before.LastIndexOf('\n');
        return NonBsnLabel().IsMatch(lineBreak >= 0 ? before[(lineBreak + 1)..] : before);
    }

    private static void FindEmails(string text, List<PersonalDataFinding> findings)
    {
        foreach (Match match in Email().Matches(text))
        {
            var local = match.Groups["local"].Value;
            var domain = match.Groups["domain"].Value.TrimEnd('.');
            if (!ConsumerMailDomains.Contains(domain) || Overlaps(findings, match.Index, match.Length))
            {
                continue;
            }

            if (Array.Exists(RoleMailboxes, role => local.Contains(role, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            findings.Add(new PersonalDataFinding(PersonalDataKind.Email, match.Index, match.Length));
        }
    }

    private static bool Overlaps(List<PersonalDataFinding> findings, int start, int length)
        => findings.Exists(f => f.Start < start + length && start < f.Start + f.Length);

    // Nine digits plain or grouped 3-3-3, 4-2-3 or 3-2-2-2 with one kind of separator, standing alone.
    [GeneratedRegex(@"(?<![\p{L}\p{N}_@/=&?-])(?:\d{9}|\d{3}(?<s>[ .\-])\d{3}\k<s>\d{3}|\d{4}(?<t>[ .])\d{2}\k<t>\d{3}|\d{3}(?<u>[ .\-])\d{2}\k<u>\d{2}\k<u>\d{2})(?![\p{L}\p{N}_@])", RegexOptions.CultureInvariant)]
    private static partial Regex BsnCandidate();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?=[ \u00A0]?[A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex IbanStart();

    [GeneratedRegex(@"^[\s,:;]*(t\.?\s?n\.?\s?v\.?|ten name van|op naam van)\s+(de\s+|het\s+)?(gemeente|belastingdienst|belastingkantoor|belastingsamenwerking|waterschap|provincie|ministerie|stichting|rijksoverheid|cjib|duo|svb|uwv|vereniging|omgevingsdienst|veiligheidsregio|ggd)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationPayee();

    // Organisation numbers may be named a few words earlier ("RSIN gemeente: ..."); phone labels stand right before the digits.
    [GeneratedRegex(@"(?:(?<!\p{L})(?:rsin|fiscaal\s?nummer|btw|kvk|kamer van koophandel)(?:-?nummer)?(?:[\s:.#-]+\p{L}+){0,2}|(?<!\p{L})(?:tel\.?|telefoon(?:nummer)?|mobiel|fax|whatsapp|sms|bel|postbus)|\+\d{1,3}|\(0\))[\s:.#-]*(?:nr\.?|nummer)?[\s:.#-]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NonBsnLabel();

    [GeneratedRegex(@"(?<![\w.%+-])(?<local>[A-Za-z0-9._%+-]{1,64})@(?<domain>(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
