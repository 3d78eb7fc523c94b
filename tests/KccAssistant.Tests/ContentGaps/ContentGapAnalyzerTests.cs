using KccAssistant.ContentGaps;
using KccAssistant.Feedback;
using KccAssistant.Tests.Embeddings;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.ContentGaps;

/// <summary>
/// The analyser over an in-memory question log, a real feedback file and a real marks file. Grouping of paraphrases is
/// tested with the bundled ONNX model; the bookkeeping tests use the hash embedding, under which questions that share no
/// analysed term never reach the threshold (the dense half alone gives at most 0.5).
/// </summary>
[Collection(EmbeddingCollection.Name)]
public sealed class ContentGapAnalyzerTests : IDisposable
{
    // Friday 4 December 2026, 10:00 in Amsterdam: ISO week 2026-W49.
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly EmbeddingFixture _model;
    private readonly TempDirectory _data = new();
    private readonly InMemoryQuestionLog _log = new();
    private readonly ManualTimeProvider _clock = new(Now, ManualTimeProvider.Amsterdam);
    private readonly JsonLinesFeedbackStore _feedback;
    private readonly JsonLinesContentGapMarks _marks;

    public ContentGapAnalyzerTests(EmbeddingFixture model)
    {
        _model = model;
        _feedback = new JsonLinesFeedbackStore(_data.Path);
        _marks = new JsonLinesContentGapMarks(_data.Path);
    }

    [Fact]
    public async Task AnalyzeAsync_ParaphrasesAndUnrelatedQuestion_ParaphrasesJoinUnrelatedStaysApart()
    {
        await AskAsync("hoe vraag ik een parkeervergunning aan", -3);
        await AskAsync("parkeervergunning aanvragen hoe", -2);
        await AskAsync("wanneer komt de groene container", -1);

        var report = await Analyzer(_model.Generator).AnalyzeAsync();

        Assert.Equal(2, report.Groups.Count);
        var parking = report.Groups[0];
        Assert.Equal(2, parking.Questions);
        Assert.Contains("hoe vraag ik een parkeervergunning aan", parking.AllQuestions);
        Assert.Contains("parkeervergunning aanvragen hoe", parking.AllQuestions);
        var container = Assert.Single(report.Groups[1].AllQuestions);
        Assert.Equal("wanneer komt de groene container", container);
    }

    [Fact]
    public async Task AnalyzeAsync_RealModelSeveralTopics_EachTopicOneGroup()
    {
        await AskAsync("parkeervergunning aanvragen", -6);
        await AskAsync("wanneer komt de groene container", -5);
        await AskAsync("hoe vraag ik een parkeervergunning aan", -4);
        await AskAsync("hondenbelasting betalen", -3);
        await AskAsync("komt de groene container morgen", -2);
        await AskAsync("wat kost een parkeervergunning", -1);

        var report = await Analyzer(_model.Generator).AnalyzeAsync();

        Assert.Equal([3, 2, 1], report.Groups.Select(g => g.Questions));
        Assert.All(report.Groups[0].AllQuestions, q => Assert.Contains("parkeervergunning", q, StringComparison.Ordinal));
        Assert.All(report.Groups[1].AllQuestions, q => Assert.Contains("groene container", q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeAsync_AnsweredAndRated_OnlyNoAnswerAndLatestThumbsDownCount()
    {
        var helpful = await AskAsync("paspoort verlengen", -5, answered: true);
        var rejected = await AskAsync("paspoort verlengen", -4, answered: true);
        var changedMind = await AskAsync("paspoort verlengen", -3, answered: true);
        await AskAsync("paspoort verlengen", -2, answered: true);
        await AskAsync("paspoort verlengen", -1);
        await RateAsync(helpful, true);
        await RateAsync(rejected, true);
        await RateAsync(rejected, false);
        await RateAsync(changedMind, false);
        await RateAsync(changedMind, true);

        var group = Assert.Single((await Analyzer().AnalyzeAsync()).Groups);

        Assert.Equal(2, group.Questions);
        Assert.Equal(1, group.NoAnswer);
        Assert.Equal(1, group.ThumbsDown);
        Assert.Equal(0.5, group.ThumbsDownShare);
    }

    [Fact]
    public async Task AnalyzeAsync_QuestionsOverTenWeeks_CountsPerIsoWeekForTheLastEight()
    {
        await AskAsync("rijbewijs verlengen", -70);
        await AskAsync("rijbewijs verlengen", -15);
        await AskAsync("rijbewijs verlengen", -14);
        await AskAsync("rijbewijs verlengen", -1);
        // Sunday 29 November 23:30 in Amsterdam is still week 48, although it is Monday's hour nowhere near UTC midnight.
        await _log.AppendAsync(InMemoryQuestionLog.Entry("rijbewijs verlengen", new DateTimeOffset(2026, 11, 29, 22, 30, 0, TimeSpan.Zero)));
        await _log.AppendAsync(InMemoryQuestionLog.Entry("rijbewijs verlengen", new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero)));

        var report = await Analyzer().AnalyzeAsync();

        Assert.Equal(["2026-W42", "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"], report.Weeks.Select(w => w.Label));
        Assert.Equal(new DateOnly(2026, 11, 30), report.Weeks[^1].Monday);
        var group = Assert.Single(report.Groups);
        Assert.Equal(6, group.Questions);
        Assert.Equal([0, 0, 0, 0, 0, 2, 1, 2], group.PerWeek);
        Assert.Equal(Now.AddDays(-70), group.FirstSeen);
        Assert.Equal(Now.AddDays(-1), group.LastSeen);
    }

    [Fact]
    public async Task AnalyzeAsync_QuestionsOlderThanLookback_Ignored()
    {
        await AskAsync("rijbewijs verlengen", -120);

        Assert.Empty((await Analyzer().AnalyzeAsync()).Groups);
    }

    [Fact]
    public async Task AnalyzeAsync_SourcesShown_MostFrequentFirstWithTitleAndAddress()
    {
        var parking = ("doc-parkeren", "Parkeervergunning", "https://www.voorbeeldstad.example/parkeren");
        var visitors = ("doc-bezoek", "Bezoekersregeling", "https://www.voorbeeldstad.example/bezoek");
        var waste = ("doc-afval", "Afval", "https://www.voorbeeldstad.example/afval");
        var tax = ("doc-belasting", "Belastingen", "https://www.voorbeeldstad.example/belasting");
        await AskAsync("parkeervergunning aanvragen", -4, sources: [visitors, parking, waste]);
        await AskAsync("parkeervergunning aanvragen", -3, sources: [parking, visitors]);
        await AskAsync("parkeervergunning aanvragen", -2, sources: [parking, parking]);
        await AskAsync("parkeervergunning aanvragen", -1, sources: [tax]);

        var sources = Assert.Single((await Analyzer().AnalyzeAsync()).Groups).Sources;

        // Afval and Belastingen were each shown once: Belastingen as source [1], Afval as [3], so Belastingen is closer.
        Assert.Equal(["doc-parkeren", "doc-bezoek", "doc-belasting"], sources.Select(s => s.DocumentId));
        Assert.Equal([3, 2, 1], sources.Select(s => s.Questions));
        Assert.Equal("Parkeervergunning", sources[0].Title);
        Assert.Equal("https://www.voorbeeldstad.example/parkeren", sources[0].Url);
    }

    [Fact]
    public async Task AnalyzeAsync_ThreeVariants_ExampleIsTheMostCentralNotTheFirst()
    {
        await AskAsync("parkeervergunning aanvragen online", -3);
        await AskAsync("parkeervergunning aanvragen kosten", -2);
        await AskAsync("parkeervergunning aanvragen", -1);

        var group = Assert.Single((await Analyzer(lexicalWeight: 1).AnalyzeAsync()).Groups);

        Assert.Equal("parkeervergunning aanvragen", group.Example);
        Assert.Equal("parkeervergunning aanvragen", group.AllQuestions[0]);
    }

    [Fact]
    public async Task MarkAsync_DoneThenAskedAgain_GroupReopensWithSameKey()
    {
        await AskAsync("parkeervergunning aanvragen", -3);
        await AskAsync("wanneer komt de groene container", -2);
        var analyzer = Analyzer();
        var before = await analyzer.AnalyzeAsync();
        var key = before.Groups.Single(g => g.Example.Contains("parkeervergunning", StringComparison.Ordinal)).Key;
        Assert.All(before.Groups, g => Assert.Equal(ContentGapState.Open, g.State));

        await analyzer.MarkAsync(key, done: true, "Editor");
        var done = (await analyzer.AnalyzeAsync()).Groups.Single(g => g.Key == key);
        Assert.Equal(ContentGapState.Done, done.State);
        Assert.Equal(Now, done.MarkedAt);

        _clock.Advance(TimeSpan.FromHours(1));
        await _log.AppendAsync(InMemoryQuestionLog.Entry("parkeervergunning aanvragen hoe", _clock.GetUtcNow()));
        var after = await analyzer.AnalyzeAsync();
        var reopened = after.Groups.Single(g => g.Key == key);
        Assert.Equal(ContentGapState.Reopened, reopened.State);
        Assert.Equal(1, reopened.SinceMarked);
        Assert.Equal(2, reopened.Questions);
        Assert.Equal(ContentGapState.Open, after.Groups.Single(g => g.Key != key).State);

        await analyzer.MarkAsync(key, done: false, "Admin");
        Assert.Equal(ContentGapState.Open, (await analyzer.AnalyzeAsync()).Groups.Single(g => g.Key == key).State);
    }

    [Fact]
    public async Task MarkAsync_Stored_AppendOnlyLinesWithKeyStateTimeAndRoleOnly()
    {
        await AskAsync("parkeervergunning aanvragen", -1);
        var analyzer = Analyzer();
        var key = Assert.Single((await analyzer.AnalyzeAsync()).Groups).Key;

        await analyzer.MarkAsync(key, true, "Editor");
        await analyzer.MarkAsync(key, false, "Editor");

        var lines = await File.ReadAllLinesAsync(Path.Combine(_data.Path, "content-gaps.jsonl"));
        Assert.Equal(2, lines.Length);
        Assert.Equal($$"""{"key":"{{key}}","done":true,"at":"2026-12-04T09:00:00+00:00","role":"Editor"}""", lines[0]);
        Assert.DoesNotContain("parkeer", string.Concat(lines), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => analyzer.MarkAsync("=HYPERLINK(\"x\")", true, "Editor"));
    }

    [Fact]
    public async Task ReadAllAsync_BrokenLine_SkippedOthersKept()
    {
        await _marks.AppendAsync(new ContentGapMark("g-0123456789ab", true, Now, "Editor"));
        await File.AppendAllTextAsync(_marks.FilePath, "{\"key\":\"g-01234");
        await File.AppendAllTextAsync(_marks.FilePath, "\n{\"key\":\"niet een sleutel\",\"done\":true,\"at\":\"2026-12-04T09:00:00+00:00\",\"role\":\"Editor\"}\n");
        await _marks.AppendAsync(new ContentGapMark("g-0123456789ab-2", false, Now, "Editor"));

        var marks = new List<ContentGapMark>();
        await foreach (var mark in _marks.ReadAllAsync())
        {
            marks.Add(mark);
        }

        Assert.Equal(["g-0123456789ab", "g-0123456789ab-2"], marks.Select(m => m.Key));
    }

    [Fact]
    public void Key_SameTermsOtherOrderAndInflection_SameKey()
    {
        var a = ContentGapAnalyzer.Key("Parkeervergunning aanvragen?", GapQuestionTerms.Analyze("Parkeervergunning aanvragen?"));
        var b = ContentGapAnalyzer.Key("aanvragen parkeervergunning", GapQuestionTerms.Analyze("aanvragen parkeervergunning"));
        var c = ContentGapAnalyzer.Key("groene container", GapQuestionTerms.Analyze("groene container"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(ContentGapMark.IsValidKey(a), a);
    }

    [Fact]
    public async Task AnalyzeAsync_KeyOfAGroup_SurvivesNewQuestionsAndOtherGroups()
    {
        await AskAsync("parkeervergunning aanvragen", -5);
        var key = Assert.Single((await Analyzer(_model.Generator).AnalyzeAsync()).Groups).Key;

        await AskAsync("wanneer komt de groene container", -4);
        await AskAsync("hoe vraag ik een parkeervergunning aan", -3);
        await AskAsync("parkeervergunning aanvragen", -2);

        var report = await Analyzer(_model.Generator).AnalyzeAsync();
        Assert.Equal(key, report.Groups[0].Key);
        Assert.Equal(3, report.Groups[0].Questions);
    }

    [Fact]
    public async Task AnalyzeAsync_EmbeddingModelFails_GroupsByTermsOnly()
    {
        await AskAsync("parkeervergunning aanvragen", -3);
        await AskAsync("aanvragen parkeervergunning", -2);
        await AskAsync("groene container", -1);

        var report = await Analyzer(new FailingEmbeddingGenerator()).AnalyzeAsync();

        Assert.Equal([2, 1], report.Groups.Select(g => g.Questions));
    }

    [Fact]
    public void AddKccContentGaps_ThresholdOutOfRange_FailsNamingTheKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kcc:ContentGaps:Threshold"] = "1.5" })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddKccContentGaps();
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ContentGapOptions>>().Value);
        Assert.Contains("Threshold", exception.Message, StringComparison.Ordinal);
    }

    private ContentGapAnalyzer Analyzer(IEmbeddingGenerator<string, Embedding<float>>? embeddings = null, double lexicalWeight = 0.5) =>
        new(_log, _feedback, _marks, embeddings ?? new HashEmbeddingGenerator(), Options.Create(new ContentGapOptions { LexicalWeight = lexicalWeight }), _clock, NullLogger<ContentGapAnalyzer>.Instance);

    private async Task<string> AskAsync(string question, int days, bool answered = false, (string, string, string)[]? sources = null)
    {
        var entry = InMemoryQuestionLog.Entry(question, Now.AddDays(days), answered, null, sources ?? []);
        await _log.AppendAsync(entry);
        return entry.AskId;
    }

    private Task RateAsync(string askId, bool helpful)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return _feedback.AppendAsync(new AnswerFeedback(askId, helpful, null, null, _clock.GetUtcNow(), "Agent", "page"));
    }

    public void Dispose()
    {
        _feedback.Dispose();
        _marks.Dispose();
        _data.Dispose();
    }

    private sealed class FailingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("model missing");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
