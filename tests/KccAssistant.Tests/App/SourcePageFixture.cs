using System.Text;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.App;

/// <summary>
/// The real app that ingested, through the real pipeline on first start, one knowledge-base article (Markdown with a
/// list, a nested list, a pipe table, an Objecten API address and a long body) and one saved web page (HTML list and
/// table), so /bron shows what the extractors really store.
/// </summary>
public sealed class SourcePageFixture : IAsyncLifetime
{
    public const string ApiAddress = "https://objecten.voorbeeldstad.example/api/v2/objects/4f1c2d";
    public const string SiteBase = "https://www.voorbeeldstad.example/";

    /// <summary>A sentence of the last section, far below the fold: the quote a citation would send.</summary>
    public const string Quote = "Bent u buiten Europa uw paspoort kwijtgeraakt, neem dan contact op met de dichtstbijzijnde Nederlandse ambassade of het consulaat.";

    public static readonly string[] ListItems = ["Doe aangifte van vermissing bij de gemeente.", "Neem een recente pasfoto mee.", "Vraag daarna een nieuw paspoort aan."];

    public const string NestedItem = "Een foto uit een automaat is goed.";

    public const string WebListItem = "Zet de groene container op de ophaaldag voor 7.30 uur aan de straat.";

    private readonly TempDirectory _sources = new();

    internal KccWebApp App { get; private set; } = null!;

    public string ArticleId { get; private set; } = "";

    public string PageId { get; private set; } = "";

    public string PageUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var site = Directory.CreateDirectory(Path.Combine(_sources.Path, "site")).FullName;
        var kennisbank = Directory.CreateDirectory(Path.Combine(_sources.Path, "kennisbank")).FullName;
        await File.WriteAllTextAsync(Path.Combine(kennisbank, "paspoort-kwijt.md"), Article(), Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(site, "afval-scheiden.html"), Page, Encoding.UTF8);

        App = KccWebApp.Start("Development", new Dictionary<string, string?>
        {
            ["Kcc:Ingest:IngestOnFirstStart"] = "true",
            ["Kcc:Sources:0:Name"] = "website",
            ["Kcc:Sources:0:Kind"] = "Site",
            ["Kcc:Sources:0:Locations:0"] = site,
            ["Kcc:Sources:0:BaseUrl"] = SiteBase,
            ["Kcc:Sources:1:Name"] = "kennisbank",
            ["Kcc:Sources:1:Kind"] = "KnowledgeBase",
            ["Kcc:Sources:1:Locations:0"] = kennisbank,
        });

        var status = App.Services.GetRequiredService<IngestionStatus>();
        var store = App.Services.GetRequiredService<IKnowledgeStore>();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while ((await store.GetInfoAsync()).Generation == 0 || status.Running)
        {
            if (!status.Running && status.LastError is { } error)
            {
                throw new InvalidOperationException($"First-start ingestion failed: {error}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("First-start ingestion did not finish in time.");
            }

            await Task.Delay(300);
        }

        ArticleId = (await store.GetDocumentStatesAsync("kennisbank")).Keys.Single();
        PageId = (await store.GetDocumentStatesAsync("website")).Keys.Single();
        PageUrl = (await store.GetDocumentChunksAsync(PageId))[0].Url;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _sources.Dispose();
    }

    // Self-written text. Enough sections of ordinary prose that the last one starts well below a 720-pixel window.
    private static string Article()
    {
        var text = new StringBuilder();
        text.AppendLine("---");
        text.AppendLine("title: Paspoort kwijt of gestolen");
        text.AppendLine("id: KB-TEST-PASPOORT-KWIJT");
        text.AppendLine("status: actief");
        text.AppendLine("laatstGewijzigd: 2026-03-02");
        text.AppendLine("trefwoorden: [paspoort, kwijt, gestolen, vermissing]");
        text.AppendLine($"url: {ApiAddress}");
        text.AppendLine("---");
        text.AppendLine();
        text.AppendLine("## Wat moet de inwoner doen?");
        text.AppendLine();
        text.AppendLine($"- {ListItems[0]}");
        text.AppendLine($"- {ListItems[1]}");
        text.AppendLine($"  - {NestedItem}");
        text.AppendLine($"- {ListItems[2]}");
        text.AppendLine();
        text.AppendLine("## Kosten");
        text.AppendLine();
        text.AppendLine("| Document | Prijs |");
        text.AppendLine("|---|---|");
        text.AppendLine("| Paspoort volwassene | € 84,70 |");
        text.AppendLine("| Paspoort jonger dan 18 | € 63,90 |");
        text.AppendLine();
        string[] topics = ["Aangifte bij de balie", "Reizen zonder paspoort", "Een nieuw paspoort ophalen", "Een gevonden paspoort", "Spoedaanvraag", "Identiteitskaart als reisdocument"];
        foreach (var topic in topics)
        {
            text.AppendLine($"## {topic}");
            text.AppendLine();
            text.AppendLine($"Over {topic.ToLowerInvariant()} geeft de medewerker de inwoner eerst uitleg over de stappen. De inwoner maakt een afspraak via de website of telefonisch. Bij de balie controleert de medewerker de gegevens en legt uit wat er daarna gebeurt. Houd rekening met een wachttijd van enkele werkdagen, want de aanvraag gaat via de centrale uitgifte. De inwoner krijgt bericht zodra het document klaarligt.");
            text.AppendLine();
            text.AppendLine("Heeft de inwoner vragen over de voortgang, verwijs dan naar de statuspagina op de website. Daar staat per aanvraag in welke fase die is. Een nieuwe afspraak is niet nodig om de status te bekijken.");
            text.AppendLine();
        }

        text.AppendLine("## Op vakantie buiten Europa");
        text.AppendLine();
        text.AppendLine($"Raakt de inwoner het paspoort kwijt op reis, dan helpt de gemeente pas na terugkomst. {Quote} Daar kan een noodpaspoort worden aangevraagd. Na terugkomst doet de inwoner alsnog aangifte bij de gemeente.");
        return text.ToString();
    }

    private const string Page = """
        <!DOCTYPE html>
        <html lang="nl">
        <head><title>Afval scheiden | Voorbeeldstad</title></head>
        <body>
        <nav><a href="/">Home</a></nav>
        <main>
        <h1>Afval scheiden</h1>
        <p>In Voorbeeldstad scheidt u uw afval thuis. Zo kan meer worden hergebruikt.</p>
        <h2>Zo werkt het</h2>
        <ul>
          <li>Zet de groene container op de ophaaldag voor 7.30 uur aan de straat.</li>
          <li>Plastic verpakkingen gaan in de oranje zak.</li>
          <li>Glas brengt u naar de glasbak in de wijk.</li>
        </ul>
        <h2>Ophaaldagen</h2>
        <table>
          <tr><th>Wijk</th><th>Dag</th></tr>
          <tr><td>Centrum</td><td>maandag</td></tr>
          <tr><td>Noord</td><td>donderdag</td></tr>
        </table>
        </main>
        </body>
        </html>
        """;
}
