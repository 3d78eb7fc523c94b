using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace KccAssistant.Privacy;

/// <summary>A kind of personal data the detector looks for.</summary>
public enum PersonalDataKind
{
    /// <summary>A burgerservicenummer: nine digits passing the 11-proef.</summary>
    Bsn,
    /// <summary>A bank account number (IBAN) with a valid mod-97 check, not of an organisation.</summary>
    Iban,
    /// <summary>An e-mail address of a person (see <see cref="PersonalDataDetector"/> for the rule).</summary>
    Email,
    /// <summary>A Dutch mobile or landline number that is not on the allow-list.</summary>
    Phone,
    /// <summary>
    /// A postcode with a house number near it ("7311 AB 12", "Hoofdstraat 12, 7311 AB"): only found with
    /// <see cref="PersonalDataScope.Question"/>, because public pages name the town hall's address on purpose.
    /// </summary>
    Address,
}

/// <summary>What a text is, which decides how strict the detector is.</summary>
public enum PersonalDataScope
{
    /// <summary>
    /// Content to be published or indexed (the ingest gate): organisations' landlines, role mailboxes and addresses
    /// are public information there, so only what is clearly a person's own counts.
    /// </summary>
    Publication,

    /// <summary>
    /// A question an agent typed during a call (the question log): a number, mail address or address in it is the
    /// resident's, so every landline and mobile number, every mail address and every postcode with a house number
    /// counts, except the organisation's own allow-listed details and service numbers.
    /// </summary>
    Question,
}

/// <summary>Where personal data was found. Deliberately holds no value, so it can be logged and reported.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Start">Offset in the scanned text.</param>
/// <param name="Length">Length in the scanned text.</param>
public readonly record struct PersonalDataFinding(PersonalDataKind Kind, int Start, int Length);

/// <summary>
/// Finds personal data in text, whatever its notation: the text is first normalised (percent-encoding decoded,
/// NFKC, digits of every script made ASCII, every kind of space and dash unified, invisible characters dropped),
/// so "BSN: 123 456 782", "bsn=123%20456%20782", full-width digits and a number split by thin spaces are all the
/// same number.
/// <list type="bullet">
/// <item>BSN: nine digits passing the 11-proef, after a BSN label ("BSN:", "bsn-nummer", "burgerservicenummer",
/// "?bsn=") with any separators, or standing alone (also in a URL path) when not part of a longer number, an
/// amount, or a number labelled as something else (KvK, RSIN, order number, ...).</item>
/// <item>IBAN: the right length for its country and a valid mod-97 check, in any case, with spaces, dashes or
/// dots; organisation accounts (BNG Bank, "t.n.v. gemeente ...") and allow-listed IBANs are left alone.</item>
/// <item>E-mail: an address at an allow-listed domain (or a subdomain of one) is never personal; an address at a
/// consumer mail provider always is, whatever its local part; elsewhere an address is personal when its local
/// part is made of two or more name parts ("j.devries", "jan-willem.bakker") none of which is a role word
/// ("info", "klantenservice", "wmo", ...).</item>
/// <item>Phone: Dutch mobile numbers (06, in every notation incl. +31 6, 0031 6, (06), +31 (0)6) not on the
/// allow-list; landline numbers not on the allow-list when the text makes them someone's own ("privé", "thuis",
/// "bel mij") or always with <see cref="PersonalDataOptions.DetectLandlines"/>; service numbers (0800, 0900,
/// 0906, 0909), 14 0xx numbers and company numbers (088) are never personal.</item>
/// </list>
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

    // Consumer mail providers: an address there belongs to a person (or is used like one), whatever its local part.
    private static readonly FrozenSet<string> ConsumerMailDomains = new[]
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.nl", "outlook.com", "outlook.nl", "live.com", "live.nl",
        "msn.com", "yahoo.com", "yahoo.nl", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.com", "gmx.net",
        "gmx.de", "web.de", "proton.me", "protonmail.com", "pm.me", "tutanota.com", "ziggo.nl", "kpnmail.nl", "kpnplanet.nl",
        "planet.nl", "home.nl", "xs4all.nl", "casema.nl", "chello.nl", "hetnet.nl", "quicknet.nl", "online.nl", "tele2.nl",
        "zeelandnet.nl", "upcmail.nl", "telfort.nl", "caiway.nl", "solcon.nl", "versatel.nl", "freeler.nl", "wxs.nl",
        "hotmail.be", "telenet.be", "skynet.be", "mail.com", "zonnet.nl", "kpn.com",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Local-part words of role and department mailboxes. Matched as whole name parts, never as substrings: the old
    // substring match let "jan.postma@..." through because it contains "post".
    private static readonly FrozenSet<string> RoleWords = new[]
    {
        "info", "informatie", "contact", "post", "postbus", "mail", "email", "noreply", "no", "reply", "donotreply", "admin",
        "webmaster", "postmaster", "hostmaster", "abuse", "security", "kcc", "klantcontact", "klantenservice", "service",
        "servicedesk", "support", "helpdesk", "gemeente", "stadhuis", "secretariaat", "redactie", "webredactie", "pers",
        "media", "communicatie", "privacy", "avg", "fg", "woo", "wob", "balie", "loket", "publiekszaken", "burgerzaken",
        "belastingen", "belasting", "heffingen", "afval", "wmo", "jeugd", "jeugdzorg", "zorg", "werk", "inkomen",
        "participatie", "schuldhulp", "vergunningen", "vergunning", "omgevingsloket", "bouwen", "wonen", "parkeren",
        "handhaving", "meldingen", "melding", "klachten", "klacht", "bezwaar", "bezwaarschriften", "subsidie", "subsidies",
        "facturen", "factuur", "crediteuren", "debiteuren", "inkoop", "administratie", "receptie", "planning", "bestuur",
        "griffie", "raad", "directie", "team", "afdeling", "office", "hello", "hallo", "nieuwsbrief", "marketing", "sales",
        "verkoop", "events", "evenementen", "vacatures", "sollicitaties", "jobs", "hr", "personeelszaken", "ict",
        "onderwijs", "leerplicht", "sport", "cultuur", "veiligheid", "rijbewijzen", "paspoorten", "verkiezingen",
        "openbareruimte", "buitenruimte", "ombudsman", "aanvragen", "vragen", "aanmelden", "reserveringen", "boekingen",
        "bibliotheek", "museum", "archief", "ledenadministratie", "penningmeester", "bestellingen", "orders", "retour",
        "meldpunt", "klachten", "aanbesteding", "aanbestedingen", "aanbesteden", "inkopen", "informatiepunt", "servicepunt",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Endings of Dutch street names, for the word before a house number written in lower case ("hoofdstraat 12").
    private static readonly string[] StreetSuffixes =
    [
        "straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "dreef", "pad", "steeg", "markt", "ring", "baan",
        "hof", "park", "plantsoen", "erf", "wal", "burg", "veld", "allee", "boulevard", "haven", "lei", "oord", "hoek",
    ];

    private static readonly FrozenSet<string> TwoLetterWords = new[]
    {
        "en", "op", "in", "om", "te", "of", "is", "na", "al", "nu", "zo", "ik", "je", "we", "ze", "de", "er", "ga", "ja", "uw",
        "me", "du", "la", "le", "an", "at", "on", "to", "by", "or", "as", "it", "no", "so", "tm", "nr", "ca", "vs", "km", "kg",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly bool _detectEmail;
    private readonly bool _detectPhone;
    private readonly bool _detectLandlines;
    private readonly bool _detectAddresses;
    private readonly bool _everyEmail;
    private readonly FrozenSet<string> _allowedIbans;
    private readonly string[] _allowedDomains;
    private readonly FrozenSet<string> _allowedPhones;

    /// <summary>A detector for BSN, IBAN, private e-mail addresses and phone numbers, without an allow-list.</summary>
    public static PersonalDataDetector Default { get; } = new(new PersonalDataOptions());

    /// <summary>Creates a detector without an allow-list.</summary>
    /// <param name="detectEmail">Whether private e-mail addresses count as personal data.</param>
    public PersonalDataDetector(bool detectEmail = true)
        : this(new PersonalDataOptions { DetectEmail = detectEmail })
    {
    }

    /// <summary>Creates a detector for published content with the allow-list and switches of <paramref name="options"/>.</summary>
    public PersonalDataDetector(PersonalDataOptions options)
        : this(options, PersonalDataScope.Publication)
    {
    }

    /// <summary>
    /// Creates a detector with the allow-list of <paramref name="options"/> for texts of <paramref name="scope"/>. With
    /// <see cref="PersonalDataScope.Question"/> the switches are overruled: e-mail, every phone number and addresses
    /// are always detected, because a question holds no organisation's published contact details to spare.
    /// </summary>
    public PersonalDataDetector(PersonalDataOptions options, PersonalDataScope scope)
    {
        ArgumentNullException.ThrowIfNull(options);
        var question = scope == PersonalDataScope.Question;
        _detectEmail = options.DetectEmail || question;
        _detectPhone = options.DetectPhone || question;
        _detectLandlines = options.DetectLandlines || question;
        _detectAddresses = question;
        _everyEmail = question;
        var allow = options.Allow ?? new PersonalDataAllowList();
        _allowedIbans = allow.Ibans.Where(i => !string.IsNullOrWhiteSpace(i)).Select(CompactIban).ToFrozenSet(StringComparer.Ordinal);
        _allowedDomains = [.. allow.EmailDomains.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant())];
        _allowedPhones = allow.PhoneNumbers.Select(p => NationalPhoneNumber(p ?? "")).OfType<string>().ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Personal data in <paramref name="text"/>, ordered by position in <paramref name="text"/>; findings never overlap.</summary>
    public IReadOnlyList<PersonalDataFinding> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var normalized = NormalizedText.Create(text);
        var s = normalized.Text;
        var spans = new List<Span>();
        FindIbans(s, spans);
        FindPhones(s, spans);
        FindLabelledBsns(s, spans);
        FindBareBsns(s, spans);
        if (_detectEmail)
        {
            FindEmails(s, spans);
        }

        if (_detectAddresses)
        {
            FindAddresses(s, spans);
        }

        var findings = new List<PersonalDataFinding>(spans.Count);
        foreach (var span in spans)
        {
            if (span.Kind is { } kind)
            {
                var (start, length) = normalized.ToOriginal(span.Start, span.Length);
                findings.Add(new PersonalDataFinding(kind, start, length));
            }
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

    /// <summary>Length for the country and ISO 13616 mod-97 check of a compact IBAN (no spaces; any case).</summary>
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

    /// <summary>An IBAN in any notation as upper-case letters and digits only ("nl91 abna-0417..." → "NL91ABNA0417...").</summary>
    public static string CompactIban(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        var text = NormalizedText.Create(iban).Text;
        return new string([.. text.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);
    }

    /// <summary>
    /// A Dutch phone number in any notation ("+31 (0)6-1234 5678", "0031 589 555 000", "(0589) 555000") as its ten
    /// national digits ("0612345678"), or null when it is not one.
    /// </summary>
    public static string? NationalPhoneNumber(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var text = NormalizedText.Create(number.Trim()).Text;
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        string national;
        if (text.StartsWith('+'))
        {
            if (!digits.StartsWith("31", StringComparison.Ordinal))
            {
                return null;
            }

            national = "0" + digits[2..].TrimStart('0');
        }
        else if (digits.StartsWith("0031", StringComparison.Ordinal))
        {
            national = "0" + digits[4..].TrimStart('0');
        }
        else
        {
            national = digits;
        }

        return national.Length == 10 && national[0] == '0' && national[1] != '0' ? national : null;
    }

    private void FindIbans(string text, List<Span> spans)
    {
        foreach (Match match in IbanStart().Matches(text))
        {
            var country = match.Groups["cc"].Value.ToUpperInvariant();
            if (!IbanLengths.TryGetValue(country, out var length))
            {
                continue;
            }

            // Collect the expected number of characters, allowing one separator between groups ("NL91 ABNA-0417.1643 00").
            var compact = new StringBuilder(length);
            var i = match.Index;
            while (i < text.Length && compact.Length < length)
            {
                var c = text[i];
                if (char.IsAsciiLetterOrDigit(c))
                {
                    compact.Append(char.ToUpperInvariant(c));
                    i++;
                }
                else if (c is ' ' or '-' or '.' && compact.Length > 0 && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]))
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
            if (!IsValidIban(iban) || Overlaps(spans, match.Index, i - match.Index))
            {
                continue;
            }

            // Allowed and organisation accounts are claimed too, so their digits are not read as a BSN.
            spans.Add(new Span(IsOrganisationAccount(iban, text, i) ? null : PersonalDataKind.Iban, match.Index, i - match.Index));
        }
    }

    /// <summary>
    /// BNG Bank only banks for public bodies, and an account "t.n.v. gemeente ..." is the municipality's: publishing
    /// those is what a payment page is for. Allow-listed accounts are the organisation's own.
    /// </summary>
    private bool IsOrganisationAccount(string iban, string text, int end)
    {
        if (_allowedIbans.Contains(iban))
        {
            return true;
        }

        if (iban.StartsWith("NL", StringComparison.Ordinal) && iban.AsSpan(4, 4).Equals("BNGH", StringComparison.Ordinal))
        {
            return true;
        }

        var after = text.AsSpan(end, Math.Min(80, text.Length - end)).ToString();
        return OrganisationPayee().IsMatch(after);
    }

    private void FindPhones(string text, List<Span> spans)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // Links such as wa.me/31612345678 carry the country code without "+".
            var bareCountryCode = c == '3' && i > 0 && text[i - 1] is '/' or '=' or ':' && text.AsSpan(i).StartsWith("316");
            if (c is not ('+' or '(' or '0') && !bareCountryCode)
            {
                continue;
            }

            if (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '+' or '_' or ',' || (text[i - 1] == '.' && i > 1 && char.IsAsciiDigit(text[i - 2]))))
            {
                continue;
            }

            // "01-02-2024 10:30" reads as ten digits starting with 0; dates are not phone numbers.
            if (DateAt().IsMatch(text.AsSpan(i)))
            {
                continue;
            }

            if (TryReadPhone(text, i, bareCountryCode, out var end, out var national) && !Overlaps(spans, i, end - i))
            {
                var personal = _detectPhone && !_allowedPhones.Contains(national)
                    && (IsMobileNumber(national) || (IsLandlineNumber(national) && (_detectLandlines || PrivateContext().IsMatch(text.AsSpan(Math.Max(0, i - 40), Math.Min(40, i))))));
                spans.Add(new Span(personal ? PersonalDataKind.Phone : null, i, end - i));
                i = end - 1;
            }
        }
    }

    /// <summary>
    /// Reads a Dutch number at <paramref name="start"/>: "+31", "0031" or "0", then digits with at most two separator
    /// characters (space, dash, dot, slash, parentheses) between them, up to the ten national digits (eight to eleven
    /// for 0800/090x service numbers). Digits that go on past the number mean it is something longer.
    /// </summary>
    private static bool TryReadPhone(string text, int start, bool bareCountryCode, out int end, out string national)
    {
        end = start;
        national = "";
        var i = start;
        var international = bareCountryCode;
        if (text[i] == '+')
        {
            international = true;
            i++;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }
        }

        var digits = new StringBuilder(16);
        var ends = new List<int>(16);
        while (i < text.Length && digits.Length < 15)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                digits.Append(text[i]);
                i++;
                ends.Add(i);
                continue;
            }

            var separator = 0;
            while (i + separator < text.Length && separator < 3 && text[i + separator] is ' ' or '-' or '.' or '/' or '(' or ')')
            {
                separator++;
            }

            // A leading "(" opens the area code: "(06) 1234 5678", "(0589) 555 000".
            if (separator == 0 || i + separator >= text.Length || !char.IsAsciiDigit(text[i + separator]) || (separator == 3 && text[i] != ')' && text[i + 2] != '('))
            {
                break;
            }

            i += separator;
        }

        var all = digits.ToString();
        int prefix;
        if (international)
        {
            if (!all.StartsWith("31", StringComparison.Ordinal))
            {
                return false;
            }

            prefix = 2;
        }
        else if (all.StartsWith("0031", StringComparison.Ordinal))
        {
            prefix = 4;
        }
        else if (all.Length > 1 && all[0] == '0' && all[1] != '0')
        {
            prefix = 1;
        }
        else
        {
            return false;
        }

        // After a country code the trunk zero is optional: "+31 6", "+31 (0)6", "0031 06".
        var rest = prefix == 1 ? 0 : (all.Length > prefix && all[prefix] == '0' ? 1 : 0);
        var firstNational = prefix + rest;
        var nationalAll = "0" + all[firstNational..];
        if (nationalAll.Length >= 4 && (nationalAll.StartsWith("0800", StringComparison.Ordinal) || nationalAll.StartsWith("090", StringComparison.Ordinal)))
        {
            var length = Math.Min(nationalAll.Length, 11);
            if (length < 8)
            {
                return false;
            }

            end = ends[firstNational + length - 2];
            national = nationalAll[..length];
            return true;
        }

        if (nationalAll.Length < 10 || nationalAll[1] == '0')
        {
            return false;
        }

        var lastDigit = firstNational + 8;
        end = ends[lastDigit];
        national = nationalAll[..10];

        // "06 12345678 9" or "0612345678-01" is a longer number; a space and a new "0" starts the next phone number.
        if (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            return false;
        }

        if (end + 1 < text.Length && text[end] is ' ' or '-' or '.' or '/' && char.IsAsciiDigit(text[end + 1]) && !(text[end] == ' ' && text[end + 1] == '0'))
        {
            return false;
        }

        return true;
    }

    /// <summary>Mobile numbers (06-1 to 06-6) and numbers that follow a person (084, 087).</summary>
    private static bool IsMobileNumber(string national) =>
        national.Length == 10 && (
            (national[1] == '6' && national[2] is >= '1' and <= '6')
            || national.StartsWith("084", StringComparison.Ordinal)
            || national.StartsWith("087", StringComparison.Ordinal));

    /// <summary>Geographic (01-05, 07) and location-free (085, 091) numbers; not 088 (companies) or 097 (machines).</summary>
    private static bool IsLandlineNumber(string national) =>
        national.Length == 10 && (
            national[1] is >= '1' and <= '5'
            || national[1] == '7'
            || national.StartsWith("085", StringComparison.Ordinal)
            || national.StartsWith("091", StringComparison.Ordinal));

    private static void FindLabelledBsns(string text, List<Span> spans)
    {
        foreach (Match match in BsnLabel().Matches(text))
        {
            var start = match.Index + match.Length;
            if (start >= text.Length || !char.IsAsciiDigit(text[start]))
            {
                continue;
            }

            // After a label the separators do not matter: nine digits with up to two separator characters between each.
            var digits = new StringBuilder(9);
            var i = start;
            var end = start;
            while (i < text.Length && digits.Length < 9)
            {
                if (char.IsAsciiDigit(text[i]))
                {
                    digits.Append(text[i]);
                    i++;
                    end = i;
                    continue;
                }

                var separator = 0;
                while (i + separator < text.Length && separator < 2 && text[i + separator] is ' ' or '.' or '-' or '/' or '_' or ',')
                {
                    separator++;
                }

                if (separator == 0 || i + separator >= text.Length || !char.IsAsciiDigit(text[i + separator]))
                {
                    break;
                }

                i += separator;
            }

            if (digits.Length != 9 || (end < text.Length && char.IsAsciiDigit(text[end])) || !IsValidBsn(digits.ToString()) || Overlaps(spans, start, end - start))
            {
                continue;
            }

            spans.Add(new Span(PersonalDataKind.Bsn, start, end - start));
        }
    }

    private static void FindBareBsns(string text, List<Span> spans)
    {
        foreach (Match match in BsnCandidate().Matches(text))
        {
            var digits = new string([.. match.Value.Where(char.IsAsciiDigit)]);
            // Without a label, one kind of separator: "19-9-1941 17:37" is a date and a time, not "123 456-782".
            if (match.Value.Where(c => !char.IsAsciiDigit(c)).Distinct().Count() > 1)
            {
                continue;
            }

            if (!IsValidBsn(digits) || Overlaps(spans, match.Index, match.Length))
            {
                continue;
            }

            if (PartOfLongerNumber(text, match.Index, match.Index + match.Length) || LooksLikeAmount(text, match.Index, match.Index + match.Length)
                || NotAPersonNumber(text, match.Index))
            {
                continue;
            }

            spans.Add(new Span(PersonalDataKind.Bsn, match.Index, match.Length));
        }
    }

    /// <summary>"12 345678201", "123456782.5", "1-123456782": digits go on past a separator.</summary>
    private static bool PartOfLongerNumber(string text, int start, int end)
    {
        if (start >= 2 && text[start - 1] is ' ' or '.' or '-' or ',' && char.IsAsciiDigit(text[start - 2]))
        {
            return true;
        }

        if (start >= 1 && text[start - 1] is '+' or '#')
        {
            return true;
        }

        return end + 1 < text.Length && text[end] is ' ' or '.' or ',' or '-' && char.IsAsciiDigit(text[end + 1]);
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

    /// <summary>RSIN, KvK, btw, order, invoice and case numbers named just before the digits are not a person's BSN.</summary>
    private static bool NotAPersonNumber(string text, int start)
    {
        var windowStart = Math.Max(0, start - 30);
        var before = text[windowStart..start];
        var lineBreak = before.LastIndexOf('\n');
        return NonBsnLabel().IsMatch(lineBreak >= 0 ? before[(lineBreak + 1)..] : before);
    }

    private void FindEmails(string text, List<Span> spans)
    {
        foreach (Match match in Email().Matches(text))
        {
            var local = match.Groups["local"].Value;
            var domain = match.Groups["domain"].Value.TrimEnd('.').ToLowerInvariant();
            if (Overlaps(spans, match.Index, match.Length) || IsAllowedDomain(domain))
            {
                continue;
            }

            if (_everyEmail || ConsumerMailDomains.Contains(domain) || LooksLikePersonName(local))
            {
                spans.Add(new Span(PersonalDataKind.Email, match.Index, match.Length));
            }
        }
    }

    private bool IsAllowedDomain(string domain) =>
        Array.Exists(_allowedDomains, allowed => domain == allowed || domain.EndsWith("." + allowed, StringComparison.Ordinal));

    /// <summary>"j.devries", "jan.de.vries", "a-b.jansen": two or more name parts, none a role word.</summary>
    private static bool LooksLikePersonName(string local)
    {
        var parts = local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts.Any(p => p.Any(char.IsAsciiLetter)) && !parts.Any(IsRolePart);
    }

    /// <summary>
    /// A role word as a whole part ("info", "post"), or a long role word inside a compound ("klachtenmeldpunt",
    /// "aanbestedingsklachten"). Short words only count whole, so a surname like "Postma" is not a role.
    /// </summary>
    private static bool IsRolePart(string part)
    {
        var word = part.TrimEnd("0123456789".ToCharArray());
        if (RoleWords.Contains(word))
        {
            return true;
        }

        foreach (var role in RoleWords)
        {
            if (role.Length >= 6 && word.Contains(role, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A postcode with a house number after it ("7311 AB 12", "7311AB, nr 12") or before it ("Hoofdstraat 12, 7311 AB",
    /// the street name included). A postcode alone stays: it names a street, not a household.
    /// </summary>
    private static void FindAddresses(string text, List<Span> spans)
    {
        foreach (Match match in PostcodeWithNumber().Matches(text))
        {
            if (!IsPostcodeLetters(match.Groups["letters"].Value) || Overlaps(spans, match.Index, match.Length))
            {
                continue;
            }

            spans.Add(new Span(PersonalDataKind.Address, match.Index, match.Length));
        }

        foreach (Match match in NumberWithPostcode().Matches(text))
        {
            if (!IsPostcodeLetters(match.Groups["letters"].Value))
            {
                continue;
            }

            var start = StreetNameStart(text, match.Index);
            if (!Overlaps(spans, start, match.Index + match.Length - start))
            {
                spans.Add(new Span(PersonalDataKind.Address, start, match.Index + match.Length - start));
            }
        }
    }

    /// <summary>
    /// Where the street name before a house number begins: the word right before it when it is written as a name
    /// (capital) or ends like a street ("...straat", "...laan"); otherwise the number itself, so "woon op 12, 7311 AB"
    /// keeps "woon op".
    /// </summary>
    private static int StreetNameStart(string text, int numberStart)
    {
        var end = numberStart;
        if (end == 0 || text[end - 1] != ' ')
        {
            return numberStart;
        }

        var start = end - 1;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] is '-' or '\''))
        {
            start--;
        }

        var word = text[start..(end - 1)];
        if (word.Length < 2 || !char.IsLetter(word[0]))
        {
            return numberStart;
        }

        return char.IsUpper(word[0]) || StreetSuffixes.Any(suffix => word.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) ? start : numberStart;
    }

    /// <summary>
    /// Postcode letters, in any case ("7311 AB", "7311ab", "7311 ab"), except a pair that is a Dutch word after a space
    /// ("2026 en 12", "1990 of 91" are a year and a number) and SA, SD and SS, which are never issued.
    /// </summary>
    private static bool IsPostcodeLetters(string letters)
    {
        var pair = letters.Trim();
        return pair.ToUpperInvariant() is not ("SA" or "SD" or "SS")
            && (pair == pair.ToUpperInvariant() || !letters.StartsWith(' ') || !TwoLetterWords.Contains(pair));
    }

    private static bool Overlaps(List<Span> spans, int start, int length)
        => spans.Exists(f => f.Start < start + length && start < f.Start + f.Length);

    /// <summary>A claimed stretch of the normalised text; without a kind it is public data that nothing else may claim.</summary>
    private readonly record struct Span(PersonalDataKind? Kind, int Start, int Length);

    // Nine digits, at most one separator between any two, standing alone; "/", "=" and "?" before are fine (URL positions).
    [GeneratedRegex(@"(?<![\p{L}\p{N}_@+#€$£])\d(?:[ .\-]?\d){8}(?![\p{L}\p{N}_@])", RegexOptions.CultureInvariant)]
    private static partial Regex BsnCandidate();

    [GeneratedRegex(@"(?<![\p{L}])(?:bsn|burger\s?service\s?nummer|sofi)(?:[\s\-_]?(?:nummer|nr\.?))?(?:\s*\(bsn\))?(?:\s*(?:is|van|was|:))?[\s:.#=/\-_]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BsnLabel();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<cc>[A-Za-z]{2})[ ]?\d{2}(?=[ .\-]?[A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex IbanStart();

    [GeneratedRegex(@"^[\s,:;)]*(t\.?\s?n\.?\s?v\.?|ten name van|op naam van)\s+(de\s+|het\s+)?(gemeente|belastingdienst|belastingkantoor|belastingsamenwerking|waterschap|provincie|ministerie|stichting|rijksoverheid|cjib|duo|svb|uwv|vereniging|omgevingsdienst|veiligheidsregio|ggd)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationPayee();

    // Organisation numbers may be named a few words earlier ("RSIN gemeente: ..."); other labels stand right before the digits.
    [GeneratedRegex(@"(?:(?<!\p{L})(?:rsin|fiscaal\s?nummer|btw|kvk|kamer van koophandel)(?:-?nummer)?(?:[\s:.#-]+\p{L}+){0,2}|(?<!\p{L})(?:tel\.?|telefoon(?:nummer)?|mobiel|fax|whatsapp|sms|bel|postbus|order|bestel|factuur|artikel|polis|referentie|kenmerk|ticket|transactie)(?:nummer|nr\.?|kenmerk)?|(?<!\p{L})(?:klant|dossier|zaak|registratie|relatie|contract|aanslag|vorderings?|betalings?)(?:nummer|nr\.?|kenmerk)|\+\d{1,3}|\(0\))[\s:.#-]*(?:nr\.?|nummer)?[\s:.#-]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NonBsnLabel();

    // Words that make a landline number someone's own: "privé", "thuis", "mijn nummer", "bel mij".
    [GeneratedRegex(@"(?<!\p{L})(?:priv[eé]|thuis|mijn|mij|bewoner|buurman|buurvrouw|mevrouw|meneer|dhr|mevr|mw)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrivateContext();

    [GeneratedRegex(@"^\(?\d{1,2}[-./]\d{1,2}[-./](?:19|20)?\d{2}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DateAt();

    // Postcode, then within a few separators a house number with its addition: "7311 AB 12", "7311AB, nr 12-2", "7311 AB 12a".
    [GeneratedRegex(@"(?<![\p{L}\p{N}])[1-9]\d{3}(?<letters> ?[A-Za-z]{2})(?![\p{L}\p{N}])[ ,]{0,3}(?:(?:huis)?(?:nr|nummer|no)\.?[ :]{0,2})?\d{1,5}(?:(?:-| ?)[A-Za-z](?![\p{L}])|-\d{1,4})?(?![\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostcodeWithNumber();

    // A house number (and the street name before it, when there is one) right before a postcode: "Hoofdstraat 12, 7311 AB".
    [GeneratedRegex(@"(?<![\p{L}\p{N}])\d{1,5}(?:(?:-| ?)[A-Za-z](?![\p{L}])|-\d{1,4})?[ ,]{1,3}[1-9]\d{3}(?<letters> ?[A-Za-z]{2})(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberWithPostcode();

    [GeneratedRegex(@"(?<![\w.%+-])(?<local>[A-Za-z0-9._%+-]{1,64})@(?<domain>(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
