using System.Globalization;
using System.Text;
using KccAssistant.Privacy;

namespace KccAssistant.Tests.Privacy;

/// <summary>One generated text and the kind of personal data it holds (null: none).</summary>
public sealed record CorpusText(string Text, PersonalDataKind? Expected, string Variant);

/// <summary>
/// A seeded generator of texts with and without personal data, in every notation an editor or a citizen might
/// use: valid BSNs (11-proef) and IBANs (mod-97) with all kinds of separators, prefixes, Unicode digits and URL
/// positions, mobile numbers in all notations, private e-mail addresses; and as negatives numbers that fail the
/// checks, dates, amounts, postcodes, order numbers, the municipality's own allow-listed contact details, 14 0xx
/// and service numbers and public role mailboxes. The numbers are computed, never hard-coded, so every seed gives
/// a fresh corpus.
/// </summary>
public sealed class PersonalDataCorpus
{
    /// <summary>The allow-list the corpus is generated for (the sample municipality's own contact details).</summary>
    public static PersonalDataOptions Options => new()
    {
        Allow =
        {
            Ibans = [Group(AllowedIban, 4, " ")],
            EmailDomains = ["lindenhaven.nl"],
            PhoneNumbers = ["0589 555 000", "+31 589 555 100"],
        },
    };

    /// <summary>The municipality's own account at an ordinary bank (a BNG account would be allowed anyway).</summary>
    public static readonly string AllowedIban = IbanWithCheck("NL", "RABO0310000123");

    private static readonly string[] AreaCodes = ["10", "20", "30", "40", "50", "70", "591", "513", "229", "85"];
    private static readonly string[] Banks = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB"];
    private static readonly string[] FirstNames = ["jan", "piet", "marieke", "sanne", "kees", "fatima", "mohamed", "anouk", "daan", "lotte", "ruud", "yvonne"];
    private static readonly string[] Surnames = ["devries", "jansen", "bakker", "postma", "visser", "smit", "meijer", "dekker", "vandijk", "mulder", "bos", "infante"];
    private static readonly string[] FreeMail = ["gmail.com", "hotmail.com", "hotmail.nl", "outlook.com", "live.nl", "ziggo.nl", "kpnmail.nl", "icloud.com", "yahoo.com", "xs4all.nl"];
    private static readonly string[] Companies = ["bouwbedrijf-jansen.nl", "adviesbureau-smit.nl", "kinderopvang-zonnetje.nl", "garage-bos.nl", "tandarts-meijer.nl"];
    private static readonly string[] RoleLocals = ["info", "klantenservice", "contact", "noreply", "meldingen.openbareruimte", "facturen", "secretariaat", "post", "support", "afdeling.wmo", "planning", "vacatures"];
    private static readonly string[] Sentences =
    [
        "Graag verwerken: {0}.", "{0} staat in het dossier.", "De aanvrager ({0}) woont in Lindenhaven.", "Zie {0} voor de gegevens.",
        "Gegevens van de melder: {0}", "In de bijlage staat {0}, controleer dat.", "{0}",
    ];

    private readonly Random _random;
    private readonly List<CorpusText> _texts = [];

    private PersonalDataCorpus(int seed) => _random = new Random(seed);

    /// <summary>Generates <paramref name="perVariant"/> texts for every variant (about 60 variants).</summary>
    public static IReadOnlyList<CorpusText> Generate(int seed, int perVariant)
    {
        var corpus = new PersonalDataCorpus(seed);
        for (var i = 0; i < perVariant; i++)
        {
            corpus.AddBsns();
            corpus.AddIbans();
            corpus.AddPhones();
            corpus.AddEmails();
            corpus.AddNegatives();
        }

        return corpus._texts;
    }

    private void Add(string text, PersonalDataKind? expected, string variant)
        => _texts.Add(new CorpusText(expected is null ? text : string.Format(CultureInfo.InvariantCulture, Pick(Sentences), text), expected, variant));

    private void AddNegative(string text, string variant) => _texts.Add(new CorpusText(text, null, variant));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + _random.Next(10))));

    public static bool Eleven(string digits) => PersonalDataDetector.IsValidBsn(digits);

    private string ValidBsn()
    {
        while (true)
        {
            var head = (char)('1' + _random.Next(9)) + Digits(7);
            var sum = 0;
            for (var i = 0; i < 8; i++)
            {
                sum += (head[i] - '0') * (9 - i);
            }

            var check = sum % 11;
            if (check < 10)
            {
                return head + (char)('0' + check);
            }
        }
    }

    private string InvalidBsn()
    {
        var valid = ValidBsn();
        return valid[..8] + (char)('0' + ((valid[8] - '0' + 1) % 10));
    }

    private static string IbanWithCheck(string country, string bban)
    {
        var rearranged = bban + country + "00";
        var remainder = 0;
        foreach (var c in rearranged)
        {
            remainder = char.IsAsciiDigit(c) ? ((remainder * 10) + (c - '0')) % 97 : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return $"{country}{98 - remainder:00}{bban}";
    }

    private string ValidIban() => _random.Next(6) switch
    {
        0 => IbanWithCheck("BE", Digits(12)),
        1 => IbanWithCheck("DE", Digits(18)),
        2 => IbanWithCheck("GB", Pick(["NWBK", "BARC", "HBUK"]) + Digits(14)),
        3 => IbanWithCheck("FR", Digits(23)),
        _ => IbanWithCheck("NL", Pick(Banks) + Digits(10)),
    };

    private string InvalidIban()
    {
        var valid = ValidIban();
        var position = 4 + _random.Next(valid.Length - 4);
        while (!char.IsAsciiDigit(valid[position]))
        {
            position = 4 + _random.Next(valid.Length - 4);
        }

        return valid[..position] + (char)('0' + ((valid[position] - '0' + 1 + _random.Next(8)) % 10)) + valid[(position + 1)..];
    }

    private static string Group(string value, int size, string separator)
        => string.Join(separator, value.Chunk(size).Select(c => new string(c)));

    private static string FullWidth(string value)
        => string.Concat(value.Select(c => c switch
        {
            >= '0' and <= '9' => (char)(0xFF10 + (c - '0')),
            >= 'A' and <= 'Z' => (char)(0xFF21 + (c - 'A')),
            >= 'a' and <= 'z' => (char)(0xFF41 + (c - 'a')),
            '@' => '\uFF20',
            _ => c,
        }));

    private static string ScriptDigits(string value, char zero)
        => string.Concat(value.Select(c => char.IsAsciiDigit(c) ? (char)(zero + (c - '0')) : c));

    private static string PercentEncode(string value)
        => string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : $"%{(int)c:X2}"));

    private static string PercentEncodeAll(string value)
        => string.Concat(Encoding.UTF8.GetBytes(value).Select(b => $"%{b:X2}"));

    private void AddBsns()
    {
        var bsn = ValidBsn();
        var spaced = $"{bsn[..3]} {bsn[3..6]} {bsn[6..]}";
        Add(bsn, PersonalDataKind.Bsn, "bsn plain");
        Add($"BSN: {bsn}", PersonalDataKind.Bsn, "bsn label colon");
        Add($"bsn-nummer {bsn[..3]}.{bsn[3..6]}.{bsn[6..]}", PersonalDataKind.Bsn, "bsn-nummer dots");
        Add($"burgerservicenummer {spaced}", PersonalDataKind.Bsn, "burgerservicenummer spaces");
        Add($"Mijn BSN is {bsn[..4]}.{bsn[4..6]}.{bsn[6..]}", PersonalDataKind.Bsn, "bsn 4-2-3");
        Add($"BSN {bsn[..3]}-{bsn[3..5]}-{bsn[5..7]}-{bsn[7..]}", PersonalDataKind.Bsn, "bsn 3-2-2-2 dashes");
        Add($"BSN {bsn[..3]}\u00A0{bsn[3..6]}\u00A0{bsn[6..]}", PersonalDataKind.Bsn, "bsn nbsp");
        Add($"{bsn[..3]}\u2009{bsn[3..6]}\u2009{bsn[6..]}", PersonalDataKind.Bsn, "bsn thin space");
        Add($"{bsn[..3]}\u202F{bsn[3..6]}\u202F{bsn[6..]}", PersonalDataKind.Bsn, "bsn narrow nbsp");
        Add($"{bsn[..3]}\u2013{bsn[3..6]}\u2013{bsn[6..]}", PersonalDataKind.Bsn, "bsn en dash");
        Add($"BSN {bsn[..4]}\u200B{bsn[4..]}", PersonalDataKind.Bsn, "bsn zero-width space");
        Add(FullWidth(bsn), PersonalDataKind.Bsn, "bsn full-width");
        Add($"BSN {FullWidth(spaced)}", PersonalDataKind.Bsn, "bsn full-width spaced");
        Add(ScriptDigits(bsn, '\u0660'), PersonalDataKind.Bsn, "bsn arabic-indic digits");
        Add($"bsn {ScriptDigits(bsn, '\u0966')}", PersonalDataKind.Bsn, "bsn devanagari digits");
        Add($"https://portaal.example.nl/zaak?bsn={bsn}&stap=2", PersonalDataKind.Bsn, "bsn url query");
        Add($"https://portaal.example.nl/persoon/{bsn}/gegevens", PersonalDataKind.Bsn, "bsn url path");
        Add($"https://portaal.example.nl/zaak?bsn={PercentEncode(spaced)}", PersonalDataKind.Bsn, "bsn url percent-encoded spaces");
        Add($"https://portaal.example.nl/zaak?nummer={PercentEncodeAll(bsn)}", PersonalDataKind.Bsn, "bsn url percent-encoded digits");
        Add($"sofinummer {bsn}", PersonalDataKind.Bsn, "sofinummer");
        Add($"Geboren {_random.Next(1, 29):00}-{_random.Next(1, 13):00}-{_random.Next(1940, 2010)}, nummer {spaced} van de aanvrager", PersonalDataKind.Bsn, "bsn after a date");
        Add($"BSN {bsn} en telefoon 0{Pick(AreaCodes)}-{Digits(7)}", PersonalDataKind.Bsn, "bsn next to another number");
        Add($"BSN{bsn}", PersonalDataKind.Bsn, "bsn glued label");
    }

    private void AddIbans()
    {
        var iban = ValidIban();
        Add($"IBAN {iban}", PersonalDataKind.Iban, "iban compact");
        Add($"rekeningnummer {Group(iban, 4, " ")}", PersonalDataKind.Iban, "iban grouped");
        Add(Group(iban, 4, " ").ToLowerInvariant(), PersonalDataKind.Iban, "iban lower case");
        Add($"IBAN: {Group(iban, 4, "-")}", PersonalDataKind.Iban, "iban dashes");
        Add(Group(iban, 4, "\u00A0"), PersonalDataKind.Iban, "iban nbsp");
        Add(FullWidth(iban), PersonalDataKind.Iban, "iban full-width");
        Add($"https://betalen.example.nl/?iban={iban}", PersonalDataKind.Iban, "iban url");
        Add($"https://betalen.example.nl/?iban={PercentEncode(Group(iban, 4, " "))}", PersonalDataKind.Iban, "iban url percent-encoded");
        Add($"Maak het over naar {iban[..2]} {iban[2..4]} {Group(iban[4..], 4, " ")}, onder vermelding van uw naam", PersonalDataKind.Iban, "iban split country");
    }

    private string Mobile() => $"06{(char)('1' + _random.Next(6))}{Digits(7)}";

    private void AddPhones()
    {
        var mobile = Mobile();
        var rest = mobile[1..];
        Add($"Bel {mobile}", PersonalDataKind.Phone, "06 plain");
        Add($"Bel {mobile[..2]}-{mobile[2..]}", PersonalDataKind.Phone, "06 dash");
        Add($"Mobiel: {mobile[..2]} {Group(mobile[2..], 2, " ")}", PersonalDataKind.Phone, "06 pairs");
        Add($"tel. {mobile[..2]}-{mobile[2..6]} {mobile[6..]}", PersonalDataKind.Phone, "06 4-4");
        Add($"+31{rest}", PersonalDataKind.Phone, "+316 compact");
        Add($"Bel +31 {rest[..1]} {rest[1..]}", PersonalDataKind.Phone, "+31 6 spaced");
        Add($"Bel +31 (0){rest[..1]}-{rest[1..]}", PersonalDataKind.Phone, "+31 (0)6");
        Add($"0031{rest}", PersonalDataKind.Phone, "00316");
        Add($"Bel ({mobile[..2]}) {mobile[2..]}", PersonalDataKind.Phone, "(06)");
        Add(FullWidth(mobile), PersonalDataKind.Phone, "06 full-width");
        Add($"https://wa.me/31{rest}", PersonalDataKind.Phone, "06 in url");
        Add($"<tel:+31{rest}>", PersonalDataKind.Phone, "tel: link");
        var landline = $"0{Pick(AreaCodes)}";
        landline += Digits(10 - landline.Length);
        Add($"U kunt mij thuis bellen op {landline[..4]}-{landline[4..]}", PersonalDataKind.Phone, "landline private context");
    }

    private void AddEmails()
    {
        var first = Pick(FirstNames);
        var last = Pick(Surnames);
        Add($"{first}.{last}@{Pick(FreeMail)}", PersonalDataKind.Email, "free-mail name");
        Add($"{first}{last}{_random.Next(1950, 2010)}@{Pick(FreeMail)}", PersonalDataKind.Email, "free-mail name year");
        Add($"{Pick(RoleLocals.Where(r => !r.Contains('.')).ToList())}.{last}@{Pick(FreeMail)}", PersonalDataKind.Email, "free-mail with role word");
        Add($"{first[0]}.{last}@{Pick(Companies)}", PersonalDataKind.Email, "company initial surname");
        Add($"{first}.de.{last}@{Pick(Companies)}", PersonalDataKind.Email, "company tussenvoegsel");
        Add($"mailto:{first.ToUpperInvariant()}.{last}@{Pick(FreeMail).ToUpperInvariant()}", PersonalDataKind.Email, "free-mail upper case mailto");
        Add($"{first}.{last}%40{Pick(FreeMail)}", PersonalDataKind.Email, "free-mail percent-encoded @");
        Add(FullWidth($"{first}.{last}@") + Pick(FreeMail), PersonalDataKind.Email, "free-mail full-width");
        Add($"{first}_{last}@{Pick(Companies)}", PersonalDataKind.Email, "company underscore name");
    }

    private void AddNegatives()
    {
        var bsn = InvalidBsn();
        AddNegative($"Het nummer {bsn} klopt niet.", "invalid bsn plain");
        AddNegative($"BSN: {bsn[..3]} {bsn[3..6]} {bsn[6..]} (onjuist)", "invalid bsn label");
        AddNegative($"https://portaal.example.nl/zaak?bsn={bsn}", "invalid bsn url");
        var iban = InvalidIban();
        AddNegative($"Rekening {Group(iban, 4, " ")} bestaat niet.", "invalid iban");
        AddNegative($"Maak het bedrag over naar {Group(IbanWithCheck("NL", "BNGH" + Digits(10)), 4, " ")}.", "bng account");
        AddNegative($"Betaal naar {IbanWithCheck("NL", Pick(Banks) + Digits(10))} t.n.v. gemeente Lindenhaven.", "iban t.n.v. gemeente");
        AddNegative($"Betaal de aanslag op {AllowedIban.ToLowerInvariant()} onder vermelding van het aanslagnummer.", "allow-listed iban");
        var day = _random.Next(1, 29);
        var month = _random.Next(1, 13);
        var year = _random.Next(1930, 2030);
        AddNegative($"Geboren op {day:00}-{month:00}-{year}, ingeschreven op {day:00}.{month:00}.{year} om {_random.Next(8, 18):00}.{_random.Next(0, 60):00} uur.", "dates and times");
        AddNegative($"Op {day}-{month}-{year} {_random.Next(8, 18):00}:{_random.Next(0, 60):00} ontvangen.", "date with time");
        AddNegative($"De begroting is € {ValidBsn().Insert(3, ".").Insert(7, ".")} voor dit jaar.", "amount with valid 11-proef digits");
        AddNegative($"Kosten € {_random.Next(1, 999)},{_random.Next(0, 100):00} per jaar, totaal {_random.Next(1000, 9999)}.{_random.Next(100, 999)},- euro.", "amounts");
        AddNegative($"Postcode {_random.Next(1000, 9999)} {(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}, huisnummer {_random.Next(1, 300)}.", "postcode");
        AddNegative($"Ordernummer {ValidBsn()} is verzonden.", "order number with valid 11-proef");
        AddNegative($"Uw bestelling {_random.Next(1, 9)}{ValidBsn()} is onderweg.", "ten-digit order number");
        AddNegative($"KvK-nummer {Digits(8)}, RSIN gemeente: {ValidBsn()}", "kvk and rsin");
        AddNegative($"Het btw-nummer is NL{ValidBsn()}B01.", "btw number");
        AddNegative("Bel 14 0589, of buiten kantoortijd het storingsnummer 0589-555 000.", "allow-listed phone");
        AddNegative("Belt u vanuit het buitenland? Bel dan +31 589 555 100 of (0589) 555 000.", "allow-listed phone international");
        AddNegative($"Bel 14 0{_random.Next(10, 999)} voor een afspraak.", "14 0xx number");
        AddNegative($"Bel gratis 0800-{Digits(4)} of de betaalde lijn 0900 {Digits(7)}.", "service numbers");
        AddNegative($"Het bedrijf is bereikbaar op 088 {Digits(3)} {Digits(4)}.", "088 company number");
        AddNegative($"Bel de huisartsenpost op 0{Pick(AreaCodes)}-{Digits(7)} of de politie op 0900-8844.", "organisation landline");
        AddNegative($"Zaaknummer Z-{year}-{Digits(6)}, factuur {ValidBsn()}, referentie {ValidBsn()}.", "case and invoice numbers");
        AddNegative($"Telefoonnummer van de GGD: 0{Pick(AreaCodes)} {Digits(3)} {Digits(4)}.", "organisation landline labelled");
        AddNegative($"Mail {Pick(RoleLocals)}@{Pick(Companies)} voor vragen.", "role mailbox");
        AddNegative($"Mail {Pick(FirstNames)}.{Pick(Surnames)}@lindenhaven.nl of wmo@zorg.lindenhaven.nl.", "allow-listed mail domain");
        AddNegative($"Ga naar www.{Pick(FreeMail)} om uw wachtwoord te wijzigen.", "mail domain without address");
        AddNegative($"Openingstijden: {_random.Next(8, 10):00}.30 - 17.00 uur, artikel {_random.Next(1, 200)} lid {_random.Next(1, 6)} van de wet.", "opening hours and articles");
    }
}
