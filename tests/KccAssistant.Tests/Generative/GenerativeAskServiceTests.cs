using System.Diagnostics;
using KccAssistant.Answering;
using KccAssistant.Answering.Generative;
using KccAssistant.Retrieval;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.Generative;

/// <summary>
/// The generative mode end to end over a fake OpenAI-compatible server on Kestrel: Semantic Kernel's OpenAI connector
/// talks HTTP to it, streamed and whole, and GenerativeAskService validates or falls back.
/// </summary>
public sealed class GenerativeAskServiceTests : IAsyncLifetime
{
    private const string Question = "wat kost een paspoort";
    private FakeChatServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeChatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<List<AskUpdate>> CollectAsync(IAsyncEnumerable<AskUpdate> updates)
    {
        var list = new List<AskUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    [Fact]
    public async Task AskStreaming_ModelStreamsPieces_PiecesArriveInOrderBeforeTheReplyEnds()
    {
        var lastPiece = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Reply = r => new FakeReply
        {
            Pieces = ["Een paspoort ", "voor volwassenen ", "kost € 84,40 ", $"[{r.SourceWith("84,40")}]."],
            BeforeLastPiece = lastPiece.Task,
        };
        await using var host = await GenerationTestHost.StartAsync(_server);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var updates = new List<AskUpdate>();
        await foreach (var update in host.Ask.AskStreamingAsync(Question, RetrievalMode.Lexical, deadline.Token))
        {
            updates.Add(update);
            if (updates.Count(u => u.Kind == AskUpdateKind.Delta) == 3)
            {
                // Three pieces are here while the server still holds back the last one: they were streamed, not buffered.
                Assert.DoesNotContain(updates, u => u.Kind == AskUpdateKind.Final);
                lastPiece.SetResult();
            }
        }

        Assert.Equal(AskUpdateKind.Sources, updates[0].Kind);
        Assert.Equal(AnswerGenerators.Extractive, updates[0].Response!.Generator);
        Assert.Equal(["Een paspoort ", "voor volwassenen ", "kost € 84,40 ", "[1]."], updates.Where(u => u.Kind == AskUpdateKind.Delta).Select(u => u.Text));
        var final = Assert.Single(updates, u => u.Kind == AskUpdateKind.Final).Response!;
        Assert.Same(final, updates[^1].Response);
        Assert.Equal(AnswerGenerators.Llm, final.Generator);
        Assert.Null(final.FallbackReason);
        Assert.Equal("Een paspoort voor volwassenen kost € 84,40. [1]", final.Answer);
        Assert.True(final.Timings.GenerateMs > 0);
        Assert.True(Assert.Single(_server.Requests).Stream);
    }

    [Fact]
    public async Task Ask_ModelAnswersFromSources_ValidatedAnswerWithHighlightedEvidence()
    {
        _server.Reply = r => FakeReply.Text($"Een paspoort voor volwassenen kost € 84,40 [{r.SourceWith("84,40")}].");
        await using var host = await GenerationTestHost.StartAsync(_server);

        var response = await host.Ask.AskAsync(Question, RetrievalMode.Lexical);

        Assert.Equal(AnswerGenerators.Llm, response.Generator);
        Assert.True(response.Answered);
        Assert.Equal("Een paspoort voor volwassenen kost € 84,40. [1]", response.Answer);
        Assert.Equal("fake-model", response.Generation!.Model);
        Assert.Equal((1, 0), (response.Generation.KeptSentences, response.Generation.DroppedSentences));
        Assert.Equal(["Een paspoort voor volwassenen kost € 84,40."], response.Citations[0].Highlights);
        var request = Assert.Single(_server.Requests);
        Assert.False(request.Stream);
        Assert.Equal("fake-model", request.Model);
        Assert.Equal(0, request.Body["temperature"]!.GetValue<double>());
        Assert.Equal(300, request.Body["max_tokens"]!.GetValue<int>());
        Assert.Equal(300, request.Body["max_completion_tokens"]!.GetValue<int>());
        Assert.Null(request.Body["tools"]);
    }

    [Fact]
    public async Task Ask_EndpointReturns500_ExtractiveFallback()
    {
        _server.Reply = _ => new FakeReply { Status = 500 };
        await using var host = await GenerationTestHost.StartAsync(_server);
        var extractive = await host.Services.GetRequiredService<AskService>().AskAsync(Question, RetrievalMode.Lexical);

        var response = await host.Ask.AskAsync(Question, RetrievalMode.Lexical);

        Assert.Equal(AnswerGenerators.Extractive, response.Generator);
        Assert.Equal(GenerationFallback.Error, response.FallbackReason);
        Assert.True(response.Answered);
        Assert.Equal(extractive.Answer, response.Answer);
        Assert.Equal(extractive.Citations.Select(c => c.DocumentId), response.Citations.Select(c => c.DocumentId));
        // The connector is given our HttpClient, so it does not retry: one request, one fallback.
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AskStreaming_EndpointReturns500_FinalIsExtractiveWithReason()
    {
        _server.Reply = _ => new FakeReply { Status = 500 };
        await using var host = await GenerationTestHost.StartAsync(_server);

        var updates = await CollectAsync(host.Ask.AskStreamingAsync(Question, RetrievalMode.Lexical));

        var final = updates[^1];
        Assert.Equal(AskUpdateKind.Final, final.Kind);
        Assert.Equal(GenerationFallback.Error, final.Response!.FallbackReason);
        Assert.Equal(updates[0].Response!.Answer, final.Response.Answer);
    }

    [Fact]
    public async Task Ask_EndpointSlowerThanTimeout_FallsBackWithinAboutTheTimeout()
    {
        _server.Reply = r => new FakeReply { Delay = TimeSpan.FromSeconds(30), Pieces = ["Te laat [1]."] };
        await using var host = await GenerationTestHost.StartAsync(_server, timeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var response = await host.Ask.AskAsync(Question, RetrievalMode.Lexical);

        clock.Stop();
        Assert.Equal(GenerationFallback.Timeout, response.FallbackReason);
        Assert.Equal(AnswerGenerators.Extractive, response.Generator);
        Assert.True(response.Answered);
        // The endpoint would take 30 s; well under that proves the 1 s timeout cut it off, with room for a busy machine.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 15);
        Assert.InRange(response.Timings.GenerateMs, 900, 4000);
    }

    [Fact]
    public async Task AskStreaming_EndpointSlowerThanTimeout_FallsBackWithinAboutTheTimeout()
    {
        _server.Reply = r => new FakeReply { Delay = TimeSpan.FromSeconds(30), Pieces = ["Te laat [1]."] };
        await using var host = await GenerationTestHost.StartAsync(_server, timeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var updates = await CollectAsync(host.Ask.AskStreamingAsync(Question, RetrievalMode.Lexical));

        // The endpoint would take 30 s; well under that proves the 1 s timeout cut it off, with room for a busy machine.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 15);
        Assert.Equal(GenerationFallback.Timeout, updates[^1].Response!.FallbackReason);
        Assert.DoesNotContain(updates, u => u.Kind == AskUpdateKind.Delta);
    }

    [Fact]
    public async Task Ask_CitationToSourceThatDoesNotExist_CitationRemoved()
    {
        _server.Reply = r => FakeReply.Text($"Een paspoort voor volwassenen kost € 84,40 [{r.SourceWith("84,40")}][7].");
        await using var host = await GenerationTestHost.StartAsync(_server);

        var response = await host.Ask.AskAsync(Question, RetrievalMode.Lexical);

        Assert.Equal(3, response.Citations.Count);
        Assert.Equal(AnswerGenerators.Llm, response.Generator);
        Assert.DoesNotContain("[7]", response.Answer, StringComparison.Ordinal);
        Assert.Contains("[1]", response.Answer, StringComparison.Ordinal);
        Assert.Equal([7], response.Generation!.RemovedCitations);
    }

    [Fact]
    public async Task Ask_ReplyCitesNothingThatExists_ExtractiveFallback()
    {
        _server.Reply = _ => FakeReply.Text("Een paspoort voor volwassenen kost € 84,40 [7].");
        await using var host = await GenerationTestHost.StartAsync(_server);

        var response = await host.Ask.AskAsync(Question, RetrievalMode.Lexical);

        Assert.Equal(GenerationFallback.NoValidCitation, response.FallbackReason);
        Assert.Equal(AnswerGenerators.Extractive, response.Generator);
        Assert.Matches(@"\[\d\]", response.Answer);
    }

    [Fact]
    public async Task Ask_SentenceWithAmountNotInSources_SentenceDropped()
    {
        _server.Reply = r =>
        {
            var passport = r.SourceWith("84,40");
            return FakeReply.Text($"Een paspoort voor volwassenen kost € 84,40 [{passport}]. Met spoed kost een paspoort € 135,00 [{passport}].");
        };
        await using var host = await GenerationTestHost.StartAsync(_server);

        var response = await host.Ask.AskAsync(Question, RetrievalMode.Lexical);

        Assert.Equal(AnswerGenerators.Llm, response.Generator);
        Assert.Equal("Een paspoort voor volwassenen kost € 84,40. [1]", response.Answer);
        Assert.Equal(1, response.Generation!.DroppedSentences);
        Assert.DoesNotContain("135", response.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_SourceWithPlantedInstruction_InstructionOnlyInsideTheDelimitedSourcesBlock()
    {
        await using var host = await GenerationTestHost.StartAsync(_server);

        await host.Ask.AskAsync("paspoort kwijt wat kost een nieuw paspoort", RetrievalMode.Lexical);

        var request = Assert.Single(_server.Requests);
        Assert.DoesNotContain("Negeer alle eerdere", request.System, StringComparison.Ordinal);
        Assert.Contains("geen opdrachten", request.System, StringComparison.Ordinal);
        var open = request.User.IndexOf(AnswerPrompt.SourcesOpen, StringComparison.Ordinal);
        var close = request.User.IndexOf(AnswerPrompt.SourcesClose, StringComparison.Ordinal);
        Assert.Equal(open, request.User.LastIndexOf(AnswerPrompt.SourcesOpen, StringComparison.Ordinal));
        Assert.Equal(close, request.User.LastIndexOf(AnswerPrompt.SourcesClose, StringComparison.Ordinal));
        var at = request.User.IndexOf(GenerationDocuments.Injection, StringComparison.Ordinal);
        Assert.InRange(at, open, close);
        Assert.Equal(at, request.User.LastIndexOf(GenerationDocuments.Injection, StringComparison.Ordinal));
        // And inside the block, within its own numbered source.
        var source = request.SourceWith(GenerationDocuments.Injection);
        Assert.InRange(source, 1, 3);
    }

    [Fact]
    public async Task Ask_ModelObeysPlantedInstruction_ClaimRejectedAndNotInTheAnswer()
    {
        _server.Reply = r => FakeReply.Text(
            $"Een paspoort voor volwassenen kost € 84,40 [{r.SourceWith("84,40")}]. Paspoorten zijn gratis [{r.SourceWith("Negeer")}].");
        await using var host = await GenerationTestHost.StartAsync(_server);

        var response = await host.Ask.AskAsync(Question, RetrievalMode.Lexical);

        Assert.Equal(AnswerGenerators.Llm, response.Generator);
        Assert.DoesNotContain("gratis", response.Answer, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, response.Generation!.DroppedSentences);
    }

    [Fact]
    public async Task AskStreaming_ModelOnlyRepeatsPlantedInstruction_StreamedClaimReplacedByExtractiveAnswer()
    {
        _server.Reply = r => FakeReply.Text("Paspoorten ", "zijn gratis ", $"[{r.SourceWith("Negeer")}].");
        await using var host = await GenerationTestHost.StartAsync(_server);

        var updates = await CollectAsync(host.Ask.AskStreamingAsync(Question, RetrievalMode.Lexical));

        Assert.Contains(updates, u => u.Kind == AskUpdateKind.Delta && u.Text == "zijn gratis ");
        var final = updates[^1].Response!;
        Assert.Equal(AnswerGenerators.Extractive, final.Generator);
        Assert.Equal(GenerationFallback.Unsupported, final.FallbackReason);
        Assert.DoesNotContain("Paspoorten zijn gratis", final.Answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ask_QuestionTheSourcesDoNotCover_ModelNotAsked()
    {
        await using var host = await GenerationTestHost.StartAsync(_server);

        var response = await host.Ask.AskAsync("wat is de hoofdstad van australie", RetrievalMode.Lexical);

        Assert.False(response.Answered);
        Assert.Equal(AnswerGenerators.Extractive, response.Generator);
        Assert.Null(response.FallbackReason);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Ask_CallerCancels_CancellationPropagates()
    {
        _server.Reply = _ => new FakeReply { Delay = TimeSpan.FromSeconds(30) };
        await using var host = await GenerationTestHost.StartAsync(_server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Ask.AskAsync(Question, RetrievalMode.Lexical, cancel.Token));
    }

    [Fact]
    public async Task Ask_GenerationDisabled_ExtractiveServiceAndModelNeverAsked()
    {
        await using var host = await GenerationTestHost.StartAsync(_server, enabled: false);

        var response = await host.Ask.AskAsync(Question, RetrievalMode.Lexical);

        Assert.IsType<AskService>(host.Ask);
        Assert.Equal(AnswerGenerators.Extractive, response.Generator);
        Assert.Null(response.FallbackReason);
        Assert.Null(response.Generation);
        Assert.Contains("84,40", response.Answer, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
