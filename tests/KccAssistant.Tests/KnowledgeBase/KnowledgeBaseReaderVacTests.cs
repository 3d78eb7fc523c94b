using KccAssistant.Documents;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Tests.KnowledgeBase;

public sealed class KnowledgeBaseReaderVacTests : IDisposable
{
    private const string Marker = "TOELICHTING-MARKER-7731";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    internal static string VacList(string marker) => $$"""
        {
          "count": 5,
          "next": null,
          "previous": null,
          "results": [
            {
              "url": "https://objecten.lindenhaven.nl/api/v2/objects/1b0c3f2a-0000-4000-8000-000000000001",
              "uuid": "1b0c3f2a-0000-4000-8000-000000000001",
              "type": "https://objecttypen.lindenhaven.nl/api/v2/objecttypes/vac",
              "record": {
                "index": 1,
                "typeVersion": 1,
                "data": {
                  "vraag": "Hoe vraag ik een nieuw paspoort aan?",
                  "antwoord": "<p>U maakt een afspraak bij de&nbsp;gemeente. Neem o.a. een pasfoto mee.</p><ul><li>oude paspoort</li><li>pasfoto</li></ul><p>Een paspoort kost &euro;&nbsp;84,40.</p>",
                  "status": "actief",
                  "doelgroep": "eu-burger",
                  "afdelingen": [{"afdelingNaam": "Burgerzaken"}],
                  "toelichting": "{{marker}} Bel bij twijfel de backoffice.",
                  "trefwoorden": [{"trefwoord": "paspoort"}, {"trefwoord": "reisdocument"}],
                  "gerelateerdeProducten": [{"productNaam": "Paspoort", "productUuid": "p-1"}],
                  "datumWijziging": "2025-03-01T10:00:00Z"
                },
                "startAt": "2024-01-01",
                "endAt": null
              }
            },
            {
              "url": "https://objecten.lindenhaven.nl/api/v2/objects/1b0c3f2a-0000-4000-8000-000000000002",
              "uuid": "1b0c3f2a-0000-4000-8000-000000000002",
              "record": {
                "data": {
                  "vraag": "Kan ik mijn rijbewijs bij de balie ophalen?",
                  "antwoord": "<p>Ja, na 5 werkdagen.</p>",
                  "status": "non-actief",
                  "toelichting": "{{marker}}"
                },
                "startAt": "2024-01-01"
              }
            },
            {
              "uuid": "1b0c3f2a-0000-4000-8000-000000000003",
              "record": {
                "data": {
                  "vraag": "Wat kost een ID-kaart?",
                  "antwoord": "<p>Een ID-kaart kost € 77,85.</p>",
                  "status": "actief",
                  "toelichting": "{{marker}}"
                },
                "startAt": "2023-01-01",
                "endAt": "2024-12-31"
              }
            },
            {
              "uuid": "1b0c3f2a-0000-4000-8000-000000000004",
              "record": {
                "data": {
                  "vraag": "Hoe escaleer ik een klacht naar de teamleider?",
                  "antwoord": "<p>Via het interne formulier.</p>",
                  "status": "actief",
                  "doelgroep": ["intern"],
                  "toelichting": "{{marker}}"
                }
              }
            },
            {
              "uuid": "1b0c3f2a-0000-4000-8000-000000000005",
              "record": {
                "data": {
                  "vraag": "Waar vind ik de afvalkalender?",
                  "antwoord": "Op de website staat de afvalkalender per postcode.",
                  "status": "actief",
                  "trefwoorden": ["afval", "kalender", "afval"],
                  "toelichting": "{{marker}}"
                }
              }
            }
          ]
        }
        """;

    private static KnowledgeBaseReader Reader(string location)
        => new(new KnowledgeBaseReaderOptions { Location = location }, timeProvider: new FixedTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task ReadAsync_ObjectenVacList_ImportsActivePublicVacsOnly()
    {
        var path = _folder.Write("vac.json", VacList(Marker));

        var items = await Reader(path).ReadAllAsync("kennisbank-vac");

        var documents = items.Documents();
        Assert.Equal(["1b0c3f2a-0000-4000-8000-000000000001", "1b0c3f2a-0000-4000-8000-000000000005"], documents.Select(d => d.Id));
        var skips = items.Skips().ToDictionary(s => s.Location);
        Assert.Equal(SkipReason.Inactive, skips["1b0c3f2a-0000-4000-8000-000000000002"].Reason);
        Assert.Equal(SkipReason.Inactive, skips["1b0c3f2a-0000-4000-8000-000000000003"].Reason);
        Assert.Equal(SkipReason.Confidential, skips["1b0c3f2a-0000-4000-8000-000000000004"].Reason);
        Assert.Equal(5, items.Count);
    }

    [Fact]
    public async Task ReadAsync_ObjectenVac_MapsFieldsToDocument()
    {
        var path = _folder.Write("vac.json", VacList(Marker));

        var document = (await Reader(path).ReadAllAsync("kennisbank-vac")).Documents()[0];

        Assert.Equal(SourceType.Vac, document.Type);
        Assert.Equal("kennisbank-vac", document.SourceName);
        Assert.Equal("Hoe vraag ik een nieuw paspoort aan?", document.Title);
        Assert.Equal(document.Title, document.Question);
        Assert.Equal("https://objecten.lindenhaven.nl/api/v2/objects/1b0c3f2a-0000-4000-8000-000000000001", document.Url);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), document.LastModified);
        // "Paspoort" from gerelateerdeProducten is the same keyword as "paspoort".
        Assert.Equal(["paspoort", "reisdocument"], document.Keywords);
        var section = Assert.Single(document.Sections);
        Assert.Equal("Antwoord", section.Heading);
        Assert.Equal(
            "U maakt een afspraak bij de gemeente. Neem o.a. een pasfoto mee.\n\n- oude paspoort\n- pasfoto\n\nEen paspoort kost € 84,40.",
            section.Text);
    }

    [Fact]
    public async Task ReadAsync_VacWithoutObjectUrl_UsesKennisbankUrlAndDistinctKeywords()
    {
        var path = _folder.Write("vac.json", VacList(Marker));

        var document = (await Reader(path).ReadAllAsync()).Documents()[1];

        Assert.Equal("kennisbank:vac/1b0c3f2a-0000-4000-8000-000000000005", document.Url);
        Assert.Equal(["afval", "kalender"], document.Keywords);
        Assert.Equal("Op de website staat de afvalkalender per postcode.", document.Sections[0].Text);
    }

    [Fact]
    public async Task ReadAsync_VacToelichting_NeverInAnyDocumentOrSkip()
    {
        var path = _folder.Write("vac.json", VacList(Marker));

        var items = await Reader(path).ReadAllAsync();

        Assert.NotEmpty(items.Documents());
        Assert.All(items.Documents(), d => Assert.DoesNotContain(Marker, d.AllText(), StringComparison.Ordinal));
        Assert.All(items.Documents(), d => Assert.DoesNotContain("backoffice", d.AllText(), StringComparison.Ordinal));
        Assert.All(items.Skips(), s => Assert.DoesNotContain(Marker, s.Location + s.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_BareArrayAndSingleVac_AreImported()
    {
        _folder.Write("a/array.json", """
            [
              {"uuid": "a1", "vraag": "Wanneer is het stadhuis open?", "antwoord": "Maandag t/m vrijdag van 8.30 uur tot 17.00 uur.", "status": "actief"},
              {"uuid": "a2", "vraag": "Waar parkeer ik?", "antwoord": "In de garage.", "status": "inactief"}
            ]
            """);
        _folder.Write("b/single.json", """{"uuid": "s1", "url": "https://www.lindenhaven.nl/vac/s1", "vraag": "Hoe meld ik een verhuizing?", "antwoord": "<p>Online met DigiD.</p>"}""");

        var items = await Reader(_folder.Path).ReadAllAsync();

        Assert.Equal(["a1", "s1"], items.Documents().Select(d => d.Id));
        Assert.Equal("https://www.lindenhaven.nl/vac/s1", items.Documents()[1].Url);
        Assert.Equal(SkipReason.Inactive, Assert.Single(items.Skips()).Reason);
    }

    [Theory]
    [InlineData("\"vertrouwelijk\": true")]
    [InlineData("\"openbaar\": false")]
    [InlineData("\"intern\": true")]
    [InlineData("\"doelgroep\": \"Interne medewerkers\"")]
    [InlineData("\"vertrouwelijkheidaanduiding\": \"zaakvertrouwelijk\"")]
    public async Task ReadAsync_VacMarkedInternal_SkippedAsConfidential(string flag)
    {
        var path = _folder.Write("vac.json", $$"""{"uuid": "c1", "vraag": "Interne vraag?", "antwoord": "Geheim antwoord.", "status": "actief", {{flag}}}""");

        var items = await Reader(path).ReadAllAsync();

        var skip = Assert.Single(items.Skips());
        Assert.Equal(SkipReason.Confidential, skip.Reason);
        Assert.Equal("c1", skip.Location);
        Assert.Empty(items.Documents());
    }

    [Fact]
    public async Task ReadAsync_VacForInternationalStudents_IsNotConfidential()
    {
        var path = _folder.Write("vac.json", """{"uuid": "i1", "vraag": "Moet ik me inschrijven?", "antwoord": "Ja, binnen 5 dagen.", "doelgroep": "internationale studenten"}""");

        var items = await Reader(path).ReadAllAsync();

        Assert.Equal("i1", Assert.Single(items.Documents()).Id);
    }

    [Fact]
    public async Task ReadAsync_SameVacTwice_SecondIsDuplicate()
    {
        _folder.Write("1.json", """{"uuid": "d1", "vraag": "Vraag?", "antwoord": "Antwoord."}""");
        _folder.Write("2.json", """{"uuid": "d1", "vraag": "Vraag?", "antwoord": "Antwoord."}""");

        var items = await Reader(_folder.Path).ReadAllAsync();

        Assert.Single(items.Documents());
        Assert.Equal(SkipReason.Duplicate, Assert.Single(items.Skips()).Reason);
    }

    [Fact]
    public async Task ReadAsync_VacWithoutUuid_GetsSameIdOnEveryImport()
    {
        var path = _folder.Write("vac.json", """[{"vraag": "Hoe vraag ik een parkeervergunning aan?", "antwoord": "Online."}]""");

        var first = Assert.Single((await Reader(path).ReadAllAsync()).Documents());
        var second = Assert.Single((await Reader(path).ReadAllAsync()).Documents());

        Assert.Equal(first.Id, second.Id);
        Assert.StartsWith("vac:", first.Id, StringComparison.Ordinal);
    }
}
