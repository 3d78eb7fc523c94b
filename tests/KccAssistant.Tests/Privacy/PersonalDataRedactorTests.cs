using KccAssistant.Documents;
using KccAssistant.Ingest.Gates;
using KccAssistant.Privacy;

namespace KccAssistant.Tests.Privacy;

public sealed class PersonalDataRedactorTests
{
    private static readonly PersonalDataRedactor Redactor = PersonalDataRedactor.Default;

    // The sample municipality's own contact details, as in appsettings.json.
    private static readonly PersonalDataOptions LindenhavenOptions = new()
    {
        Allow = { EmailDomains = ["lindenhaven.nl"], PhoneNumbers = ["0589 555 000"] },
    };

    [Theory]
    [InlineData("mevrouw heeft bsn 123456782 en wil een uittreksel", "mevrouw heeft bsn [BSN] en wil een uittreksel")]
    [InlineData("burgerservicenummer 123 456 782, adres gewijzigd?", "burgerservicenummer [BSN], adres gewijzigd?")]
    [InlineData("meneer noemt 123-456-782 als nummer", "meneer noemt [BSN] als nummer")]
    [InlineData("bsn １２３４５６７８２ klopt niet", "bsn [BSN] klopt niet")]
    [InlineData("bsn 123\u2009456\u2009782 klopt niet", "bsn [BSN] klopt niet")]
    [InlineData("bsn 123\u200B456782 klopt niet", "bsn [BSN] klopt niet")]
    public void Redact_Bsn_ReplacedInOriginalNotation(string question, string expected) => Assert.Equal(expected, Redactor.Redact(question));

    [Theory]
    [InlineData("terugbetaling naar NL91 ABNA 0417 1643 00 mogelijk?", "terugbetaling naar [IBAN] mogelijk?")]
    [InlineData("rekening nl91abna0417164300 staat verkeerd", "rekening [IBAN] staat verkeerd")]
    public void Redact_Iban_Replaced(string question, string expected) => Assert.Equal(expected, Redactor.Redact(question));

    [Theory]
    [InlineData("mail naar j.devries@gmail.com sturen", "mail naar [e-mail] sturen")]
    [InlineData("stuur het naar piet@bakkerij-piet.nl", "stuur het naar [e-mail]")]
    public void Redact_Email_EveryAddressInAQuestion(string question, string expected) => Assert.Equal(expected, Redactor.Redact(question));

    [Theory]
    [InlineData("terugbellen op 06-12345678 graag", "terugbellen op [telefoonnummer] graag")]
    [InlineData("nummer +31 6 1234 5678 klopt", "nummer [telefoonnummer] klopt")]
    [InlineData("vaste lijn 020 123 4567 van de bewoner", "vaste lijn [telefoonnummer] van de bewoner")]
    [InlineData("bereikbaar op 0589–123456", "bereikbaar op [telefoonnummer]")]
    [InlineData("bel ０６１２３４５６７８ terug", "bel [telefoonnummer] terug")]
    public void Redact_MobileAndLandline_Replaced(string question, string expected) => Assert.Equal(expected, Redactor.Redact(question));

    [Theory]
    [InlineData("woont op 7311 AB 12, is dat binnen de gemeente?", "woont op [adres], is dat binnen de gemeente?")]
    [InlineData("adres 7311AB, nr 12 klopt niet", "adres [adres] klopt niet")]
    [InlineData("Hoofdstraat 12, 7311 AB is verhuisd", "[adres] is verhuisd")]
    [InlineData("ze woont aan de hoofdstraat 12a 7311 AB", "ze woont aan de [adres]")]
    [InlineData("woon op 12, 7311 AB", "woon op [adres]")]
    [InlineData("7311 ab 12-2 heeft grofvuil", "[adres] heeft grofvuil")]
    public void Redact_PostcodeWithHouseNumber_Replaced(string question, string expected) => Assert.Equal(expected, Redactor.Redact(question));

    [Theory]
    [InlineData("wat kost een paspoort")]
    [InlineData("afvalkalender 2026")]
    [InlineData("bel 14 055")]
    [InlineData("bel 14 0589 of 0800 1234567")]
    [InlineData("afvalkalender 2026 en 12 januari")]
    [InlineData("welke wijk hoort bij postcode 7311 AB")]
    [InlineData("paspoort kost € 84,40 vanaf 1 januari 2026")]
    [InlineData("mail info@lindenhaven.nl of bel 0589 555 000")]
    [InlineData("openingstijden 8.30 tot 17.00 uur op 12-03-2026")]
    public void Redact_NormalQuestion_Unchanged(string question) =>
        Assert.Equal(question, new PersonalDataRedactor(LindenhavenOptions).Redact(question));

    [Fact]
    public void Redact_SeveralKinds_EachReplacedRestKept()
    {
        var redacted = Redactor.Redact("BSN 111222333, tel 06 1234 5678, mail a.jansen@hotmail.com, woont 7311 AB 4");

        Assert.Equal("BSN [BSN], tel [telefoonnummer], mail [e-mail], woont [adres]", redacted);
    }

    [Fact]
    public void Find_PublicationScope_NoAddressAndNoOrganisationLandline()
    {
        var detector = new PersonalDataDetector(LindenhavenOptions);

        Assert.Empty(detector.Find("Stadhuis, Markt 1, 7311 AB Lindenhaven. Telefoon 020 123 4567, mail info@bedrijf.nl."));
    }

    [Fact]
    public void Check_TownHallAddressOnPage_StillIndexed()
    {
        var gate = new DocumentGate(new PersonalDataDetector(LindenhavenOptions));
        var page = new SourceDocument
        {
            Id = "https://www.lindenhaven.nl/contact",
            SourceName = "website",
            Type = SourceType.Website,
            Title = "Contact",
            Url = "https://www.lindenhaven.nl/contact",
            Sections = [new DocumentSection("Bezoekadres", "Stadhuis Lindenhaven, Hoofdstraat 12, 7311 AB Lindenhaven. Postadres: Postbus 100, 7300 AC Lindenhaven.")],
        };

        Assert.Null(gate.Check(page));
    }
}
