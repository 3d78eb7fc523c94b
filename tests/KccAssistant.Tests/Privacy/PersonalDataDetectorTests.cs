using KccAssistant.Privacy;

namespace KccAssistant.Tests.Privacy;

public sealed class PersonalDataDetectorTests
{
    private static readonly PersonalDataDetector Detector = PersonalDataDetector.Default;

    // The sample municipality's own contact details, as in appsettings.json.
    private static readonly PersonalDataDetector Lindenhaven = new(new PersonalDataOptions
    {
        Allow = { EmailDomains = ["lindenhaven.nl"], PhoneNumbers = ["0589 555 000", "+31 589 555 100"] },
    });

    private static IReadOnlyList<PersonalDataKind> Kinds(string text) => Detector.Find(text).Select(f => f.Kind).ToList();

    [Theory]
    [InlineData("123456782")]
    [InlineData("111222333")]
    [InlineData("999999990")]
    [InlineData("012345672")]
    public void IsValidBsn_PassesElevenTest_True(string bsn) => Assert.True(PersonalDataDetector.IsValidBsn(bsn));

    [Theory]
    [InlineData("123456789")]
    [InlineData("111222334")]
    [InlineData("000000000")]
    [InlineData("001234567")]
    [InlineData("12345678")]
    [InlineData("12345678a")]
    public void IsValidBsn_FailsElevenTestOrShape_False(string bsn) => Assert.False(PersonalDataDetector.IsValidBsn(bsn));

    [Theory]
    [InlineData("Mijn BSN is 123456782.", 12, 9)]
    [InlineData("bsn: 1234.56.782 graag", 5, 11)]
    [InlineData("Burgerservicenummer 123 456 782", 20, 11)]
    [InlineData("BSN 123-45-67-82 in de brief", 4, 12)]
    [InlineData("(111222333)", 1, 9)]
    public void Find_ValidBsnInText_FoundWithPosition(string text, int start, int length)
    {
        var finding = Assert.Single(Detector.Find(text));

        Assert.Equal(new PersonalDataFinding(PersonalDataKind.Bsn, start, length), finding);
    }

    [Theory]
    [InlineData("Mijn BSN is 123456789.")]
    [InlineData("Nummer 1234.56.789 klopt niet.")]
    public void Find_BsnFailingElevenTest_NotFound(string text) => Assert.Empty(Detector.Find(text));

    [Theory]
    [InlineData("Telefoon: 0123456782")]
    [InlineData("Bel 012 345 678 2 voor informatie.")]
    [InlineData("Bel +31 612345671 vanuit het buitenland.")]
    [InlineData("Mobiel: 612345683")]
    [InlineData("Bel ons via (0)612345695.")]
    public void Find_PhoneNumbers_NotReadAsBsn(string text) => Assert.DoesNotContain(PersonalDataKind.Bsn, Kinds(text));

    [Theory]
    [InlineData("Bel 14 0589 voor een afspraak.")]
    [InlineData("Bel Veilig Thuis op 0800-2000 of de servicelijn 0900 1234567.")]
    [InlineData("Bel 088 123 4567 voor het bedrijf.")]
    [InlineData("Bel de Kiesraad op 070 376 54 06 of +31 70 426 73 29.")]
    public void Find_ServiceAndCompanyNumbers_NotFlagged(string text) => Assert.Empty(Detector.Find(text));

    [Theory]
    [InlineData("Bel 0589-555 000 of 0589 555 000.")]
    [InlineData("Vanuit het buitenland: +31 589 555 100.")]
    public void Find_AllowListedPhoneNumbers_NotFlagged(string text) => Assert.Empty(Lindenhaven.Find(text));

    [Theory]
    [InlineData("Bel mij op 06-12345678.")]
    [InlineData("Bel mij op 06 1234 5678.")]
    [InlineData("Bel mij op +31 6 12345678.")]
    [InlineData("Bel mij op +31 (0)6-12 34 56 78.")]
    [InlineData("Bel mij op 0031612345678.")]
    [InlineData("Bel mij op (06) 12345678.")]
    [InlineData("Bel mij op ０６１２３４５６７８.")]
    [InlineData("https://example.nl/contact?tel=0612345678")]
    [InlineData("Bel mij thuis op 0589-555 001.")]
    [InlineData("Privé: 070 376 54 06")]
    public void Find_PersonalPhoneNumber_Found(string text) => Assert.Equal([PersonalDataKind.Phone], Kinds(text));

    [Theory]
    [InlineData("De begroting is € 250.000.003 dit jaar.")]
    [InlineData("Totaal 250.000.015,00 aan uitkeringen.")]
    [InlineData("Er is 987654305 euro uitgegeven.")]
    [InlineData("Het bedrag is EUR 987654317.")]
    [InlineData("Kosten 987.654.329,- per jaar.")]
    public void Find_Amounts_NotFlagged(string text) => Assert.Empty(Detector.Find(text));

    [Theory]
    [InlineData("Ordernummer 1234567820 is verzonden.")]
    [InlineData("Code 12345678201234.")]
    [InlineData("Het btw-nummer is NL123456782B01.")]
    [InlineData("RSIN gemeente: 123456782")]
    [InlineData("KvK-nummer 123456782")]
    [InlineData("Om 8.30 uur, 12.03.2024 of 1.234.567 inwoners.")]
    public void Find_OtherNumbers_NotFlagged(string text) => Assert.Empty(Detector.Find(text));

    [Theory]
    [InlineData("NL20INGB0001234567")]
    [InlineData("NL20 INGB 0001 2345 67")]
    [InlineData("nl20ingb0001234567")]
    [InlineData("BE68 5390 0754 7034")]
    [InlineData("DE89370400440532013000")]
    [InlineData("GB29 NWBK 6016 1331 9268 19")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    public void Find_ValidIban_Found(string iban)
    {
        var text = $"Maak het over naar {iban}, onder vermelding van uw naam.";

        var finding = Assert.Single(Detector.Find(text));

        Assert.Equal(PersonalDataKind.Iban, finding.Kind);
        Assert.Equal(iban, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("NL20INGB0001234568")]
    [InlineData("NL20INGB000123456")]
    [InlineData("NL20INGB00012345678")]
    [InlineData("XX20INGB0001234567")]
    [InlineData("NL20 INGB 0001 2345 68")]
    public void Find_InvalidIban_NotFound(string iban) => Assert.Empty(Detector.Find($"Rekening {iban} graag."));

    [Theory]
    [InlineData("Betaal naar NL61 BNGH 0285 0000 00.")]
    [InlineData("Maak over naar NL44 RABO 0123 4567 89 t.n.v. gemeente Lindenhaven.")]
    [InlineData("Rekening NL20INGB0001234567 ten name van de Belastingdienst.")]
    public void Find_OrganisationAccount_NotFlagged(string text) => Assert.Empty(Detector.Find(text));

    [Theory]
    [InlineData("Mail j.devries1978@gmail.com voor de sleutel.")]
    [InlineData("Stuur het naar Piet.Jansen@hotmail.nl.")]
    [InlineData("Contact: fam.bakker@ziggo.nl")]
    [InlineData("Vragen? secretariaat.vv.lindenhaven@gmail.com")]
    [InlineData("Mail jan.postma@gmail.com")]
    [InlineData("Mail marieke.info@hotmail.com")]
    [InlineData("Mail jan.postma@bouwbedrijf.nl")]
    [InlineData("Mail j.devries@bouwbedrijf-jansen.nl")]
    [InlineData("Mail j.devries%40gmail.com")]
    [InlineData("Mail ｊ.devries＠gmail.com")]
    public void Find_PrivateEmail_Found(string text) => Assert.Equal([PersonalDataKind.Email], Kinds(text));

    [Theory]
    [InlineData("Mail naar info@lindenhaven.nl of privacy@lindenhaven.nl.")]
    [InlineData("Schrijf aan j.devries@lindenhaven.nl of woo@wmo.lindenhaven.nl.")]
    [InlineData("Mail info@bakkerij-jansen.nl of klantenservice.zakelijk@energie.nl.")]
    [InlineData("Zie www.gmail.com voor uw account.")]
    public void Find_OrganisationOrRoleEmail_NotFlagged(string text) => Assert.Empty(Lindenhaven.Find(text));

    [Theory]
    [InlineData("Mijn BSN: 123 456 782.")]
    [InlineData("bsn-nummer 123.456.782")]
    [InlineData("burgerservicenummer 12-34-56-782")]
    [InlineData("BSN 123\u00A0456\u00A0782")]
    [InlineData("BSN 123\u2009456\u2009782")]
    [InlineData("BSN 123\u200B456782")]
    [InlineData("Nummer １２３４５６７８２ in de brief")]
    [InlineData("Nummer \u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0662 in de brief")]
    [InlineData("https://example.nl/zaak?bsn=123456782&x=1")]
    [InlineData("https://example.nl/persoon/123456782/gegevens")]
    [InlineData("https://example.nl/zaak?bsn=123%20456%20782")]
    [InlineData("Zie https://www.lindenhaven.nl/nieuws/123456782 voor meer.")]
    [InlineData("bsn123456782")]
    public void Find_BsnInAnyNotation_Found(string text)
        => Assert.Equal([PersonalDataKind.Bsn], Kinds(System.Text.RegularExpressions.Regex.Unescape(text)));

    [Theory]
    [InlineData("IBAN: nl20-ingb-0001-2345-67")]
    [InlineData("IBAN NL 20 INGB 0001 2345 67")]
    [InlineData("IBAN ＮＬ２０ＩＮＧＢ０００１２３４５６７")]
    [InlineData("https://example.nl/betaal?iban=NL20INGB0001234567")]
    [InlineData("https://example.nl/betaal?iban=NL20%20INGB%200001%202345%2067")]
    public void Find_IbanInAnyNotation_Found(string text) => Assert.Equal([PersonalDataKind.Iban], Kinds(text));

    [Fact]
    public void Find_AllowListedIban_NotFlagged()
    {
        var detector = new PersonalDataDetector(new PersonalDataOptions { Allow = { Ibans = ["NL20 INGB 0001 2345 67"] } });

        Assert.Empty(detector.Find("Betaal naar nl20ingb0001234567 onder vermelding van het aanslagnummer."));
    }

    [Fact]
    public void Find_EmailDetectionOff_OnlyNumbers()
    {
        var detector = new PersonalDataDetector(detectEmail: false);

        Assert.Equal([PersonalDataKind.Bsn], detector.Find("BSN 123456782, mail j.devries1978@gmail.com").Select(f => f.Kind));
    }

    [Fact]
    public void Find_SeveralKinds_OrderedByPosition()
    {
        var kinds = Kinds("Mail a.b@gmail.com, IBAN NL20INGB0001234567, BSN 111222333.");

        Assert.Equal([PersonalDataKind.Email, PersonalDataKind.Iban, PersonalDataKind.Bsn], kinds);
    }

    [Fact]
    public void Finding_ToString_HoldsNoValue()
    {
        const string text = "BSN 123456782";

        var finding = Assert.Single(Detector.Find(text));

        Assert.DoesNotContain("123456782", finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_DetectLandlinesOn_OrganisationLandlineFlaggedUnlessAllowListed()
    {
        var detector = new PersonalDataDetector(new PersonalDataOptions { DetectLandlines = true, Allow = { PhoneNumbers = ["0589 555 000"] } });

        Assert.Equal([PersonalDataKind.Phone], detector.Find("Bel de huisartsenpost op 0591-123456 of ons op 0589-555 000.").Select(f => f.Kind));
    }

    [Theory]
    [InlineData("Ibans", "NL20 INGB 0001 2345 68")]
    [InlineData("EmailDomains", "lindenhaven")]
    [InlineData("PhoneNumbers", "555 000")]
    public void Validate_BadAllowListEntry_FailsNamingTheKey(string list, string value)
    {
        var options = new PersonalDataOptions();
        (list switch { "Ibans" => options.Allow.Ibans, "EmailDomains" => options.Allow.EmailDomains, _ => options.Allow.PhoneNumbers }).Add(value);

        var result = new PersonalDataOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Kcc:PersonalData:Allow:{list}:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SampleMunicipalityAllowList_Succeeds()
    {
        var options = new PersonalDataOptions { Allow = { EmailDomains = ["lindenhaven.nl"], PhoneNumbers = ["0589 555 000", "+31 589 555 100"], Ibans = ["NL91 ABNA 0417 1643 00"] } };

        Assert.True(new PersonalDataOptionsValidator().Validate(null, options).Succeeded);
    }
}
