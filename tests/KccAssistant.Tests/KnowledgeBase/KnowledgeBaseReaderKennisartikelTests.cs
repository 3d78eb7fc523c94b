using KccAssistant.Documents;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Tests.KnowledgeBase;

public sealed class KnowledgeBaseReaderKennisartikelTests : IDisposable
{
    private const string DeskMemoMarker = "DESKMEMO-MARKER-4410";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Objecten API object holding a kennisartikel with the titel/tekst field names (HTML texts).
    private static string ObjectenArtikel(string extra = "") => $$"""
        {
          "url": "https://objecten.lindenhaven.nl/api/v2/objects/5e1f0000-0000-4000-8000-0000000000a1",
          "uuid": "5e1f0000-0000-4000-8000-0000000000a1",
          "record": {
            "data": {
              "upnLabel": "Paspoort",
              "publicatieDatum": "2024-01-01",
              "productAanwezig": false,
              {{extra}}
              "vertalingen": [
                {
                  "taal": "en",
                  "titel": "Passport",
                  "tekst": "<p>You apply for a passport at the town hall.</p>",
                  "deskMemo": "{{DeskMemoMarker}}"
                },
                {
                  "taal": "nl",
                  "titel": "Paspoort aanvragen",
                  "tekst": "<p>U vraagt een paspoort aan bij de gemeente.</p>",
                  "procedureBeschrijving": "<p>Maak een afspraak.</p>",
                  "vereisten": "<ul><li>U staat ingeschreven in de gemeente.</li></ul>",
                  "bewijs": "<p>Neem een pasfoto mee.</p>",
                  "kostenEnBetaalmethoden": "<p>Een paspoort kost &euro; 84,40.</p>",
                  "uitersteTermijn": "<p>U krijgt het paspoort binnen 5 werkdagen.</p>",
                  "bezwaarEnBeroep": "<p>Bezwaar maken is niet mogelijk.</p>",
                  "wtdBijGeenReactie": "<p>Bel 14 0589.</p>",
                  "notice": "<p>Spoed is mogelijk.</p>",
                  "contact": "<p>Bel 14 0589 of mail info@lindenhaven.nl.</p>",
                  "deskMemo": "<p>{{DeskMemoMarker}} Alleen voor KCC.</p>",
                  "trefwoorden": [{"trefwoord": "reisdocument"}],
                  "datumWijziging": "2025-02-03T08:00:00Z"
                }
              ]
            },
            "startAt": "2024-01-01"
          }
        }
        """;

    // A product of the SDG/PDC producten API with productTitelDecentraal/specifiekeTekst (Markdown texts).
    private const string SdgProduct = $$"""
        [{
          "url": "https://pdc.lindenhaven.nl/api/v1/producten/7c2a0000-0000-4000-8000-0000000000b2",
          "uuid": "7c2a0000-0000-4000-8000-0000000000b2",
          "upnLabel": "Parkeervergunning",
          "status": "gepubliceerd",
          "vertalingen": [
            {
              "taal": "nl",
              "productTitelDecentraal": "Parkeervergunning voor bewoners",
              "specifiekeTekst": "Met een **parkeervergunning** parkeert u in uw eigen wijk.",
              "kostenEnBetaalmethoden": "De vergunning kost:\n\n- € 60 per jaar voor de eerste auto\n- € 120 per jaar voor de tweede auto",
              "deskMemo": "{{DeskMemoMarker}}",
              "trefwoorden": ["parkeren"]
            }
          ]
        }]
        """;

    private static KnowledgeBaseReader Reader(string location) => new(location);

    [Fact]
    public async Task ReadAsync_KennisartikelTitelTekst_DutchTranslationWithDutchSectionLabels()
    {
        var path = _folder.Write("artikel.json", ObjectenArtikel());

        var document = Assert.Single((await Reader(path).ReadAllAsync()).Documents());

        Assert.Equal(SourceType.Kennisartikel, document.Type);
        Assert.Equal("5e1f0000-0000-4000-8000-0000000000a1", document.Id);
        Assert.Equal("Paspoort aanvragen", document.Title);
        Assert.Null(document.Question);
        Assert.Equal("https://objecten.lindenhaven.nl/api/v2/objects/5e1f0000-0000-4000-8000-0000000000a1", document.Url);
        Assert.Equal(
            ["Inleiding", "Aanvraag", "Voorwaarden", "Bewijs", "Kosten", "Termijn", "Bezwaar en beroep", "Wat te doen bij geen reactie", "Bijzonderheden", "Contact"],
            document.Sections.Select(s => s.Heading));
        Assert.Equal("U vraagt een paspoort aan bij de gemeente.", document.Sections[0].Text);
        Assert.Equal("- U staat ingeschreven in de gemeente.", document.Sections[2].Text);
        Assert.Equal("Een paspoort kost € 84,40.", document.Sections[4].Text);
        Assert.Equal(["reisdocument", "Paspoort"], document.Keywords);
        Assert.Equal(new DateTimeOffset(2025, 2, 3, 8, 0, 0, TimeSpan.Zero), document.LastModified);
    }

    [Fact]
    public async Task ReadAsync_KennisartikelProductTitelDecentraal_ReadsMarkdownTexts()
    {
        var path = _folder.Write("sdg.json", SdgProduct);

        var document = Assert.Single((await Reader(path).ReadAllAsync()).Documents());

        Assert.Equal("7c2a0000-0000-4000-8000-0000000000b2", document.Id);
        Assert.Equal("Parkeervergunning voor bewoners", document.Title);
        Assert.Equal("https://pdc.lindenhaven.nl/api/v1/producten/7c2a0000-0000-4000-8000-0000000000b2", document.Url);
        Assert.Equal(["Inleiding", "Kosten"], document.Sections.Select(s => s.Heading));
        Assert.Equal("Met een parkeervergunning parkeert u in uw eigen wijk.", document.Sections[0].Text);
        Assert.Equal("De vergunning kost:\n\n- € 60 per jaar voor de eerste auto\n- € 120 per jaar voor de tweede auto", document.Sections[1].Text);
        Assert.Equal(["parkeren", "Parkeervergunning"], document.Keywords);
    }

    [Fact]
    public async Task ReadAsync_KennisartikelDeskMemo_NeverInAnyDocument()
    {
        _folder.Write("artikel.json", ObjectenArtikel());
        _folder.Write("sdg.json", SdgProduct);

        var items = await Reader(_folder.Path).ReadAllAsync();

        Assert.Equal(2, items.Documents().Count);
        Assert.All(items.Documents(), d => Assert.DoesNotContain(DeskMemoMarker, d.AllText(), StringComparison.Ordinal));
        Assert.All(items.Documents(), d => Assert.DoesNotContain("Alleen voor KCC", d.AllText(), StringComparison.Ordinal));
        Assert.All(items.Documents(), d => Assert.DoesNotContain("Passport", d.AllText(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("concept")]
    [InlineData("gearchiveerd")]
    [InlineData("ingetrokken")]
    public async Task ReadAsync_KennisartikelNotPublishedStatus_SkippedAsInactive(string status)
    {
        var path = _folder.Write("artikel.json", ObjectenArtikel($"\"status\": \"{status}\","));

        var skip = Assert.Single(await Reader(path).ReadAllAsync()) as SkippedItem;

        Assert.NotNull(skip);
        Assert.Equal(SkipReason.Inactive, skip.Reason);
        Assert.Equal("5e1f0000-0000-4000-8000-0000000000a1", skip.Location);
        Assert.Contains(status, skip.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"vertrouwelijk\": true,")]
    [InlineData("\"openbaar\": false,")]
    [InlineData("\"intern\": true,")]
    [InlineData("\"doelgroep\": [\"intern\"],")]
    public async Task ReadAsync_KennisartikelMarkedInternal_SkippedAsConfidential(string flag)
    {
        var path = _folder.Write("artikel.json", ObjectenArtikel(flag));

        var skip = Assert.IsType<SkippedItem>(Assert.Single(await Reader(path).ReadAllAsync()));

        Assert.Equal(SkipReason.Confidential, skip.Reason);
    }

    [Fact]
    public async Task ReadAsync_KennisartikelWithoutDutchTranslation_Failed()
    {
        var path = _folder.Write("artikel.json", """{"uuid": "en-only", "vertalingen": [{"taal": "en", "titel": "Passport", "tekst": "Text."}]}""");

        var skip = Assert.IsType<SkippedItem>(Assert.Single(await Reader(path).ReadAllAsync()));

        Assert.Equal(SkipReason.Failed, skip.Reason);
        Assert.Equal("en-only", skip.Location);
        Assert.Contains("Dutch", skip.Detail, StringComparison.Ordinal);
    }
}
