using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Documents;
using KccAssistant.Ingest;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Pipeline;

public sealed class IngestionPipelineTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly HashEmbeddingGenerator _embeddings = new();
    private readonly ServiceProvider _services;

    public IngestionPipelineTests() => _services = BuildServices(_embeddings);

    private ServiceProvider BuildServices(IEmbeddingGenerator<string, Embedding<float>> embeddings, params KeyValuePair<string, string?>[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Kcc:DataDir", _data.Path), .. settings]).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKccCore(configuration);
        services.AddSingleton(embeddings);
        services.AddKccIngestion(configuration);
        return services.BuildServiceProvider();
    }

    private IngestionPipeline Pipeline => _services.GetRequiredService<IngestionPipeline>();

    private IKnowledgeStore Store => _services.GetRequiredService<IKnowledgeStore>();

    private DutchLexicalSearch Lexical => _services.GetRequiredService<DutchLexicalSearch>();

    private static SourceDefinition KnowledgeBase(string name, string location) =>
        new() { Name = name, Kind = SourceKind.KnowledgeBase, Locations = [location] };

    private async Task<IReadOnlyList<Chunk>> AllChunksAsync()
    {
        return (await Store.GetChunksAsync()).Chunks;
    }

    [Fact]
    public async Task RunAsync_SampleKnowledgeBase_IndexesPublicItemsOnly()
    {
        var report = await Pipeline.RunAsync([KnowledgeBase("kennisbank", RepositoryPaths.Samples("kennisbank"))]);

        Assert.True(report.Committed);
        Assert.True(report.Documents >= 80, report.ToSummary());
        Assert.True(report.Skipped.Inactive >= 9, report.ToSummary());
        Assert.Equal(report.Chunks, report.EmbeddedChunks);
        var chunks = await AllChunksAsync();
        Assert.Equal(report.Chunks, chunks.Count);
        Assert.DoesNotContain(chunks, c => c.Text.Contains("INTERN", StringComparison.Ordinal));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("toestel 44", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.SourceType == SourceType.Vac);
        Assert.Contains(chunks, c => c.SourceType == SourceType.Kennisartikel && c.Section == "Kosten");
        Assert.Contains(chunks, c => c.SourceType == SourceType.Markdown);
    }

    [Fact]
    public async Task RunAsync_NoHandMadeCalibration_SelfCalibratedModelWrittenForTheNewGeneration()
    {
        var report = await Pipeline.RunAsync([KnowledgeBase("kennisbank", RepositoryPaths.Samples("kennisbank"))]);

        var path = Path.Combine(_data.Path, "answerability.auto.json");
        Assert.True(File.Exists(path), report.ToSummary());
        var calibration = System.Text.Json.JsonSerializer.Deserialize<AnswerabilityCalibration>(await File.ReadAllTextAsync(path), AnswerabilityModelProvider.Json)!;
        Assert.Null(calibration.ToModel().Problem());
        // Fitted on the generation this run committed, not on the one serving before it.
        Assert.Equal(report.Generation, calibration.Calibration!.Generation);
        Assert.True(calibration.Calibration.Unanswerable >= 30, report.ToSummary());
        Assert.Contains("zelf gekalibreerd", report.ToSummary(), StringComparison.Ordinal);
        var active = _services.GetRequiredService<AnswerabilityModelProvider>().Current;
        Assert.Equal(ActiveAnswerabilityModel.SelfCalibrated, active.Kind);
    }

    [Fact]
    public async Task RunAsync_HandMadeCalibrationExists_NoSelfCalibration()
    {
        await File.WriteAllTextAsync(Path.Combine(_data.Path, "answerability.json"), "{}");

        var report = await Pipeline.RunAsync([KnowledgeBase("kennisbank", RepositoryPaths.Samples("kennisbank"))]);

        Assert.False(File.Exists(Path.Combine(_data.Path, "answerability.auto.json")));
        Assert.Contains("handmatige kalibratie", report.ToSummary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CorpusBelowMinimumSize_StaleSelfCalibrationRemovedDefaultsServe()
    {
        using var services = BuildServices(_embeddings, new KeyValuePair<string, string?>("Kcc:Answerability:SelfCalibrationMinDocuments", "1000"));
        var stale = Path.Combine(_data.Path, "answerability.auto.json");
        await File.WriteAllTextAsync(stale, "{}");

        var report = await services.GetRequiredService<IngestionPipeline>().RunAsync([KnowledgeBase("kennisbank", RepositoryPaths.Samples("kennisbank"))]);

        Assert.True(report.Committed);
        Assert.False(File.Exists(stale));
        Assert.Equal(ActiveAnswerabilityModel.Configured, services.GetRequiredService<AnswerabilityModelProvider>().Current.Kind);
    }

    [Fact]
    public async Task RunAsync_UnchangedSourceAgain_NothingReembedded()
    {
        // Self-calibration off: its probe questions are embedded too, and this test counts the model's inputs.
        using var services = BuildServices(_embeddings, new KeyValuePair<string, string?>("Kcc:Answerability:SelfCalibrationFile", ""));
        var pipeline = services.GetRequiredService<IngestionPipeline>();
        var sources = new[] { KnowledgeBase("kennisbank", RepositoryPaths.Samples("kennisbank")) };
        var first = await pipeline.RunAsync(sources);
        var embeddedAfterFirst = _embeddings.Inputs;

        var second = await pipeline.RunAsync(sources);

        Assert.Equal(0, second.EmbeddedChunks);
        Assert.Equal(first.Documents, second.Documents);
        Assert.Equal(first.Chunks, second.Chunks);
        Assert.Equal(0, second.Deleted);
        Assert.Equal(second.Documents, second.Sources.Single().Unchanged);
        // Only the dimension probe ran the model again.
        Assert.Equal(embeddedAfterFirst + 1, _embeddings.Inputs);
    }

    [Fact]
    public async Task RunAsync_ItemRemovedFromSource_DeletedFromIndex()
    {
        using var folder = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a.md"), "---\ntitle: Hondenbelasting\nid: md-a\n---\nU betaalt hondenbelasting voor elke hond.\n");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "b.md"), "---\ntitle: Afvalpas\nid: md-b\n---\nMet de afvalpas opent u de container.\n");
        var sources = new[] { KnowledgeBase("kb", folder.Path) };
        await Pipeline.RunAsync(sources);

        File.Delete(Path.Combine(folder.Path, "b.md"));
        var report = await Pipeline.RunAsync(sources);

        Assert.Equal(1, report.Deleted);
        Assert.Equal(1, report.Documents);
        Assert.Empty(await Lexical.SearchAsync("afvalpas", 5));
    }

    [Fact]
    public async Task RunAsync_SourceBecomesUnreadable_PreviousDocumentsKeepServing()
    {
        using var folder = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a.md"), "---\ntitle: Hondenbelasting\nid: md-a\n---\nU betaalt hondenbelasting voor elke hond.\n");
        var sources = new List<SourceDefinition> { KnowledgeBase("kb", folder.Path) };
        await Pipeline.RunAsync(sources);

        // The export is replaced by a broken file: nothing readable comes out of the source.
        File.Delete(Path.Combine(folder.Path, "a.md"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "export.json"), "{ kapot");
        var report = await Pipeline.RunAsync(sources);

        Assert.True(report.Committed);
        Assert.NotNull(report.Sources.Single().Error);
        Assert.Equal(1, report.Skipped.Failed);
        Assert.Contains(report.SkippedItems, s => s.Location.Contains("export.json", StringComparison.Ordinal));
        Assert.Single(await Lexical.SearchAsync("hondenbelasting", 5));
    }

    [Fact]
    public async Task RunAsync_DocumentWithBsn_SkippedAsPersonalDataWithoutTheNumber()
    {
        using var folder = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "ok.md"), "---\ntitle: Afvalpas\nid: md-ok\n---\nMet de afvalpas opent u de container.\n");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "bsn.md"), "---\ntitle: Notitie\nid: md-bsn\n---\nBewoner met BSN 111222333 belde over de container.\n");

        var report = await Pipeline.RunAsync([KnowledgeBase("kb", folder.Path)]);

        Assert.Equal(1, report.Skipped.PersonalData);
        Assert.Equal(1, report.Documents);
        var entry = Assert.Single(report.SkippedItems, s => s.Reason == nameof(SkipReason.PersonalData));
        Assert.DoesNotContain("111222333", entry.Detail + entry.Location, StringComparison.Ordinal);
        Assert.Empty(await Lexical.SearchAsync("notitie bewoner", 5));
    }

    [Fact]
    public async Task RunAsync_CrawledSiteWithBsnPage_PageSkippedAsPersonalDataOthersIndexed()
    {
        await using var server = await KccAssistant.Tests.Web.TestWebServer.StartAsync();
        server.MapText("/robots.txt", "User-agent: *\nAllow: /");
        server.MapHtml("/", KccAssistant.Tests.Web.WebFixtures.LinkPage("Home", "/paspoort", "/notitie"));
        server.MapHtml("/paspoort", KccAssistant.Tests.Web.WebFixtures.Page("Paspoort", "<h1>Paspoort</h1><p>Een paspoort vraagt u aan in het stadhuis.</p>"));
        server.MapHtml("/notitie", KccAssistant.Tests.Web.WebFixtures.Page("Notitie", "<h1>Notitie</h1><p>Melding van bewoner met burgerservicenummer 111222333 over de container.</p>"));
        var site = new SourceDefinition { Name = "site", Kind = SourceKind.Site, Locations = [server.BaseUrl.AbsoluteUri] };

        var report = await Pipeline.RunAsync([site]);

        Assert.Equal(1, report.Skipped.PersonalData);
        var entry = Assert.Single(report.SkippedItems, s => s.Reason == nameof(SkipReason.PersonalData));
        Assert.Contains("/notitie", entry.Location, StringComparison.Ordinal);
        Assert.DoesNotContain("111222333", entry.Detail + entry.Location, StringComparison.Ordinal);
        Assert.Empty(await Lexical.SearchAsync("burgerservicenummer container melding", 5));
        Assert.NotEmpty(await Lexical.SearchAsync("paspoort stadhuis", 5));
    }

    [Fact]
    public async Task RunAsync_CrawlStoppedByPageLimit_UnvisitedPagesKeptNotDeleted()
    {
        await using var server = await KccAssistant.Tests.Web.TestWebServer.StartAsync();
        server.MapText("/robots.txt", "User-agent: *\nAllow: /");
        server.MapHtml("/", KccAssistant.Tests.Web.WebFixtures.LinkPage("Home", "/paspoort", "/rijbewijs", "/afval"));
        server.MapHtml("/paspoort", KccAssistant.Tests.Web.WebFixtures.Page("Paspoort", "<h1>Paspoort</h1><p>Een paspoort vraagt u aan in het stadhuis.</p>"));
        server.MapHtml("/rijbewijs", KccAssistant.Tests.Web.WebFixtures.Page("Rijbewijs", "<h1>Rijbewijs</h1><p>Een rijbewijs verlengt u online.</p>"));
        server.MapHtml("/afval", KccAssistant.Tests.Web.WebFixtures.Page("Afval", "<h1>Afval</h1><p>Grofvuil laat u ophalen.</p>"));
        var site = new SourceDefinition { Name = "site", Kind = SourceKind.Site, Locations = [server.BaseUrl.AbsoluteUri] };
        var first = await Pipeline.RunAsync([site]);

        using var limited = BuildServices(_embeddings, new("Kcc:Crawler:MaxPages", "2"), new("Kcc:Crawler:UseSitemaps", "false"));
        var report = await limited.GetRequiredService<IngestionPipeline>().RunAsync([site]);

        Assert.Equal(0, report.Deleted);
        Assert.NotNull(report.Sources.Single().Incomplete);
        Assert.Equal(first.Documents, report.Documents);
        Assert.NotEmpty(await limited.GetRequiredService<DutchLexicalSearch>().SearchAsync("grofvuil ophalen", 5));
    }

    [Fact]
    public async Task RunAsync_OnlyOneSource_OtherSourceCarriedOver()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(a.Path, "a.md"), "---\ntitle: Hondenbelasting\nid: md-a\n---\nU betaalt hondenbelasting voor elke hond.\n");
        await File.WriteAllTextAsync(Path.Combine(b.Path, "b.md"), "---\ntitle: Afvalpas\nid: md-b\n---\nMet de afvalpas opent u de container.\n");
        var sources = new List<SourceDefinition> { KnowledgeBase("a", a.Path), KnowledgeBase("b", b.Path) };
        await Pipeline.RunAsync(sources);

        var report = await Pipeline.RunAsync(sources, only: ["b"]);

        Assert.Equal(2, report.Documents);
        Assert.Single(report.Sources);
        var info = await Store.GetInfoAsync();
        Assert.Equal(1, info.Documents["a"]);
        Assert.Equal(1, info.Documents["b"]);
    }

    [Fact]
    public async Task RunAsync_EmbeddingModelChanged_EverythingReembeddedAndAllSourcesRead()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(a.Path, "a.md"), "---\ntitle: Hondenbelasting\nid: md-a\n---\nU betaalt hondenbelasting voor elke hond.\n");
        await File.WriteAllTextAsync(Path.Combine(b.Path, "b.md"), "---\ntitle: Afvalpas\nid: md-b\n---\nMet de afvalpas opent u de container.\n");
        var sources = new List<SourceDefinition> { KnowledgeBase("a", a.Path), KnowledgeBase("b", b.Path) };
        var first = await Pipeline.RunAsync(sources);

        using var other = BuildServices(new HashEmbeddingGenerator("other-model"));
        var report = await other.GetRequiredService<IngestionPipeline>().RunAsync(sources, only: ["a"]);

        Assert.Equal(first.Chunks, report.EmbeddedChunks);
        Assert.Equal(2, report.Sources.Count);
        Assert.All(report.Sources, s => Assert.Equal(0, s.Unchanged));
        Assert.Equal("other-model", (await other.GetRequiredService<IKnowledgeStore>().GetInfoAsync()).EmbeddingModel);
    }

    [SkippableFact]
    public async Task RunAsync_RealRijksoverheidCorpus_AllDocumentsIndexed()
    {
        var folder = RepositoryPaths.SharedData("rijksoverheid-vac");
        Skip.IfNot(Directory.Exists(folder), $"Real Rijksoverheid data not found at {folder}.");

        var report = await Pipeline.RunAsync([KnowledgeBase("rijksoverheid", folder)]);

        Assert.Equal(Directory.GetFiles(folder, "*.json").Length, report.Documents);
        Assert.Equal(0, report.Skipped.Failed);
        var hits = await Lexical.SearchAsync("uittreksel basisregistratie personen aanvragen", 3);
        Assert.Equal(SourceType.Rijksoverheid, hits[0].Chunk.SourceType);
        Assert.StartsWith("https://www.rijksoverheid.nl/", hits[0].Chunk.Url, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
