using KccAssistant.Answering;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Ingest;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Snapshooter;
using Snapshooter.Xunit;

namespace KccAssistant.Tests.Answering;

/// <summary>
/// The sample municipality indexed once, as the app ingests it on first start (configured sources, bundled model).
/// </summary>
public sealed class LindenhavenIndexFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private ServiceProvider? _services;

    public AskService Ask => _services!.GetRequiredService<AskService>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddKccSettings()
            // The gloss is on only where the optional dictionary is installed; the snapshot must read the same everywhere.
            .AddInMemoryCollection([new("Kcc:DataDir", _data.Path), new("Kcc:Embedding:Gloss:Enabled", "false")])
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKccCore(configuration).AddKccEmbeddings(configuration);
        services.AddKccIngestion(configuration);
        _services = services.BuildServiceProvider();
        var sources = _services.GetRequiredService<IOptions<List<SourceDefinition>>>().Value;
        await _services.GetRequiredService<IngestionPipeline>().RunAsync(sources);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

/// <summary>
/// What an agent reads for a fixed set of questions over the sample municipality. The snapshot is reviewed by
/// reading it: a changed answer fails the test until someone has read the new one and accepted it.
/// </summary>
public sealed class ComposedAnswerSnapshotTests(LindenhavenIndexFixture index) : IClassFixture<LindenhavenIndexFixture>
{
    private static readonly string[] Questions =
    [
        "wat kost een paspoort",
        "wat kost een identiteitskaart voor mijn kind",
        "hoeveel betaal ik voor een rijbewijs",
        "rijbewijs kwijt",
        "paspoort kwijt op vakantie",
        "hoe vraag ik een parkeervergunning aan",
        "wanneer is de milieustraat open",
        "wat kost grofvuil ophalen",
        "ik ben mijn afvalpas kwijt",
        "hoe geef ik een verhuizing door",
        "tarief hondenbelasting",
        "hoe lang duurt een spoedaanvraag paspoort",
        "wat moet ik doen als iemand overleden is",
        "kan ik kwijtschelding krijgen voor de gemeentebelasting",
        "wat kost trouwen op het stadhuis",
        // Not in the sources. Since the refit defaults and self-calibration (issue 9) it is answered from the
        // milieustraat's Sunday hours at band "laag": a known miss of the "geen antwoord" model, kept visible here.
        "hoe laat gaat het zwembad open op zondag",
    ];

    private sealed record ComposedAnswer(string Question, bool Answered, string ConfidenceBand, string Answer, IReadOnlyList<string> Sources);

    [Fact]
    public async Task AskAsync_FixedQuestions_AnswersMatchTheReviewedSnapshot()
    {
        // Taken before the first await: Snapshooter finds the test by its stack, which an async continuation loses.
        var name = Snapshot.FullName();
        var answers = new List<ComposedAnswer>();
        foreach (var question in Questions)
        {
            var response = await index.Ask.AskAsync(question);
            answers.Add(new ComposedAnswer(question, response.Answered, response.ConfidenceBand, response.Answer, response.Citations.Select(c => $"[{c.Number}] {c.Title}").ToList()));
        }

        Snapshot.Match(answers, name);
    }
}
