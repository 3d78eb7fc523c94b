using KccAssistant.Documents;
using KccAssistant.QuestionLog;
using KccAssistant.Retrieval;
using KccAssistant.Stores;
using KccAssistant.Tests.App;
using KccAssistant.Tests.Support;
using KccAssistant.Web.Evaluation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Evaluation;

/// <summary>
/// The Evaluation page's background runs in the real web app over a small hand-made index: a run writes the same
/// report as <c>eval run</c> into the data directory, shows up in the list, compares with an earlier one, and a wrong
/// part, a cancelled run and a full queue leave no half-written run behind.
/// </summary>
public sealed class EvaluationWorkerTests : IAsyncLifetime
{
    private static readonly SourceDocument Parking = TestDocuments.Document("parkeren", "Parkeervergunning bewoners", "Een parkeervergunning voor bewoners vraagt u aan via de website van de gemeente.");
    private static readonly SourceDocument Waste = TestDocuments.Document("afval", "Grofvuil ophalen", "Grofvuil laat u gratis ophalen na een afspraak met de milieustraat.");

    private readonly TempDirectory _sets = new();
    private readonly InMemoryQuestionLog _log = new();
    private KccWebApp _app = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllLinesAsync(Path.Combine(_sets.Path, "klein.jsonl"),
        [
            """{"id": "k1", "question": "parkeervergunning aanvragen", "relevant": ["https://www.example.nl/parkeren"], "answerable": true, "split": "test"}""",
            """{"id": "k2", "question": "grofvuil laten ophalen", "relevant": ["afval"], "answerable": true, "split": "test"}""",
            """{"id": "k3", "question": "wanneer is de kermis", "answerable": false, "split": "dev"}""",
        ]);
        _app = KccWebApp.Start("Development", new Dictionary<string, string?> { ["Kcc:Evaluation:SetsDirectory"] = _sets.Path }, services: services =>
        {
            services.AddSingleton<IQuestionLog>(_log);
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashEmbeddingGenerator());
        });
        var store = _app.Services.GetRequiredService<IKnowledgeStore>();
        await using var writer = await store.BeginGenerationAsync("hash-test", TestDocuments.Dimensions);
        await writer.AddDocumentAsync(Parking, TestDocuments.Chunks(Parking, 0));
        await writer.AddDocumentAsync(Waste, TestDocuments.Chunks(Waste, 1));
        await writer.CommitAsync();
    }

    [Fact]
    public async Task Run_ProjectSetTwoModes_WritesReportListsItAndLeavesTheQuestionLogAlone()
    {
        var queue = _app.Services.GetRequiredService<EvaluationQueue>();
        var runs = _app.Services.GetRequiredService<EvaluationRunStore>();

        var job = await RunAsync(queue, new EvaluationRequest("project/klein.jsonl", ["all"], [RetrievalMode.Hybrid, RetrievalMode.Lexical], "DataScientist"));

        Assert.Equal(EvaluationJobState.Completed, job.State);
        Assert.Equal(6, job.Total);
        Assert.Equal(6, job.Done);
        var info = Assert.Single(await runs.ListAsync());
        Assert.Equal(job.Id, info.Id);
        Assert.Equal(["hybrid", "lexical"], info.Modes);
        Assert.Equal("DataScientist", info.StartedBy);
        var directory = runs.DirectoryOf(job.Id);
        foreach (var file in new[] { "report.json", "report.md", "report.html", "questions-hybrid.jsonl", "questions-lexical.jsonl", "recall-at-k.png", "run.json" })
        {
            Assert.True(File.Exists(Path.Combine(directory, file)), $"{file} is missing");
        }

        Assert.DoesNotContain(Directory.GetDirectories(runs.Root), d => Path.GetFileName(d).StartsWith(".bezig", StringComparison.Ordinal));
        var stored = await runs.LoadAsync(job.Id);
        Assert.NotNull(stored);
        Assert.Equal(["hybrid", "lexical"], stored.Runs.Select(r => r.Name));
        Assert.All(stored.Runs, r => Assert.Equal(3, r.Metric("questions")));
        Assert.All(stored.Runs, r => Assert.Equal(3, r.Questions.Count));
        Assert.NotNull(stored.Runs[0].Interval("recall@5"));
        Assert.Equal(Path.Combine(_sets.Path, "klein.jsonl"), stored.Details!.Set);
        Assert.Equal(2, stored.Details.Chunks);
        // Eval asks measure the assistant; they are not agents' questions.
        var logged = 0;
        await foreach (var _ in _log.ReadAllAsync())
        {
            logged++;
        }

        Assert.Equal(0, logged);
    }

    [Fact]
    public async Task Compare_TwoRunsOnTheSameSet_MatchesCommonRunsAndWritesCompareFiles()
    {
        var queue = _app.Services.GetRequiredService<EvaluationQueue>();
        var runs = _app.Services.GetRequiredService<EvaluationRunStore>();
        var first = await RunAsync(queue, new EvaluationRequest("project/klein.jsonl", ["test"], [RetrievalMode.Lexical], "DataScientist"));
        var second = await RunAsync(queue, new EvaluationRequest("project/klein.jsonl", ["test"], [RetrievalMode.Lexical, RetrievalMode.Hybrid], "DataScientist"));

        var result = await runs.CompareAsync(first.Id, second.Id);

        var run = Assert.Single(result.Runs);
        Assert.Equal("lexical-test", run.Name);
        Assert.Equal(2, run.SharedQuestions);
        Assert.Empty(run.Changes);
        Assert.False(result.HasRegression);
        Assert.Equal(["hybrid-test"], result.UnmatchedB);
        Assert.True(File.Exists(Path.Combine(runs.ComparisonDirectory(first.Id, second.Id), "compare.html")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => runs.CompareAsync(first.Id, "20200101-000000-abcd"));
    }

    [Fact]
    public async Task Run_PartTheSetDoesNotHave_FailsInDutchWithoutARun()
    {
        await File.WriteAllLinesAsync(Path.Combine(_sets.Path, "ongesplitst.jsonl"), ["""{"id": "o1", "question": "parkeren", "relevant": ["parkeren"]}"""]);
        var queue = _app.Services.GetRequiredService<EvaluationQueue>();

        var job = await RunAsync(queue, new EvaluationRequest("project/ongesplitst.jsonl", ["test"], [RetrievalMode.Lexical], "DataScientist"));

        Assert.Equal(EvaluationJobState.Failed, job.State);
        Assert.Equal("De set ongesplitst.jsonl heeft geen deel 'test'; kies 'alles'.", job.Message);
        Assert.Empty(await _app.Services.GetRequiredService<EvaluationRunStore>().ListAsync());
    }

    [Fact]
    public async Task Cancel_QueuedBehindARun_CancelledAndNeverWritten()
    {
        var queue = _app.Services.GetRequiredService<EvaluationQueue>();
        var running = queue.Enqueue(new EvaluationRequest("project/klein.jsonl", ["all"], [RetrievalMode.Hybrid, RetrievalMode.Lexical, RetrievalMode.Dense], "DataScientist")).Job!;
        var waiting = queue.Enqueue(new EvaluationRequest("project/klein.jsonl", ["all"], [RetrievalMode.Lexical], "DataScientist")).Job!;

        Assert.True(queue.Cancel(waiting.Id));
        await WaitAsync(running);
        await WaitAsync(waiting);

        Assert.Equal(EvaluationJobState.Cancelled, waiting.State);
        Assert.Equal(EvaluationJobState.Completed, running.State);
        Assert.Equal([running.Id], (await _app.Services.GetRequiredService<EvaluationRunStore>().ListAsync()).Select(r => r.Id));
        Assert.False(queue.Cancel(waiting.Id));
    }

    [Fact]
    public void Enqueue_QueueFull_RefusedWithDutchReason()
    {
        // No worker here: the queue alone, so nothing drains it.
        var queue = new EvaluationQueue(Options.Create(new EvaluationOptions { QueueCapacity = 1 }), TimeProvider.System);
        var request = new EvaluationRequest("project/klein.jsonl", ["all"], [RetrievalMode.Lexical], "DataScientist");

        var (first, _) = queue.Enqueue(request);
        var (second, refusal) = queue.Enqueue(request);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("Er wachten al 1 runs; start deze als er een klaar is.", refusal);
        Assert.Single(queue.Jobs);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _sets.Dispose();
    }

    private static async Task<EvaluationJob> RunAsync(EvaluationQueue queue, EvaluationRequest request)
    {
        var (queued, refusal) = queue.Enqueue(request);
        var job = queued ?? throw new InvalidOperationException($"Refused: {refusal}");
        await WaitAsync(job);
        return job;
    }

    private static async Task WaitAsync(EvaluationJob job)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (job.Active && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(job.Active, $"Run {job.Id} did not finish in time ({job.State}, {job.Done}/{job.Total}).");
    }
}
