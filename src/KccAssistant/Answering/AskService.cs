using System.Runtime.CompilerServices;
using KccAssistant.Answering.Answerability;
using KccAssistant.Retrieval;
using KccAssistant.Stores;
using KccAssistant.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Answering;

/// <summary>An extractive answer together with the retrieved documents behind its citations.</summary>
/// <param name="Response">The answer as returned to agents.</param>
/// <param name="Documents">The retrieved documents, best first; citation [n] is document n-1.</param>
public sealed record ExtractiveResult(AskResponse Response, IReadOnlyList<RetrievedDocument> Documents);

/// <summary>Answers a question: retrieve, decide whether the sources cover it, build a cited answer.</summary>
public sealed partial class AskService(
    HybridRetriever retriever,
    ExtractiveAnswerer answerer,
    AnswerabilityGate gate,
    IKnowledgeStore store,
    IOptions<RetrievalOptions> options,
    ILogger<AskService> logger) : IAskService
{
    /// <summary>What an agent sees when the sources do not cover the question.</summary>
    public const string NoAnswerText = "Geen antwoord gevonden in de bronnen. Probeer andere woorden of zoek direct in de kennisbank.";

    /// <summary>What an agent sees while nothing has been indexed yet: not the same as "the sources do not say".</summary>
    public const string EmptyIndexText = "Er is nog niets ingelezen, dus de assistent kan nog geen antwoord geven. Probeer het over een paar minuten opnieuw.";

    /// <inheritdoc />
    public async Task<AskResponse> AskAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, CancellationToken cancellationToken = default) =>
        (await AskWithSourcesAsync(question, mode, cancellationToken)).Response;

    /// <inheritdoc />
    public async IAsyncEnumerable<AskUpdate> AskStreamingAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new AskUpdate(AskUpdateKind.Final, Response: await AskAsync(question, mode, cancellationToken));
    }

    /// <summary>
    /// Answers <paramref name="question"/> extractively and also returns the retrieved documents, for answerers that
    /// build on the extractive result (the generative mode gives the model the same numbered sources).
    /// </summary>
    public async Task<ExtractiveResult> AskWithSourcesAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        using var activity = KccTelemetry.Source.StartActivity("kcc.ask");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        LogQuestion(logger, question);
        var settings = options.Value;
        var retrieval = await retriever.RetrieveAsync(question.Trim(), mode, cancellationToken: cancellationToken);
        var (answered, confidence, threshold) = gate.Judge(retrieval, mode);
        var band = ConfidenceBands.Of(answered, confidence, threshold);

        var answerStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var (answer, citations) = answered
            ? answerer.Build(question, retrieval.Documents, settings.MaxDocuments)
            : (retrieval.Documents.Count == 0 && (await store.GetInfoAsync(cancellationToken)).IsEmpty ? EmptyIndexText : NoAnswerText, []);
        var answerMs = System.Diagnostics.Stopwatch.GetElapsedTime(answerStarted).TotalMilliseconds;
        var totalMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogAnswered(logger, answered, citations.Count, Math.Round(confidence, 3), totalMs);
        var modeName = mode.ToString().ToLowerInvariant();
        KccTelemetry.RecordAsk(modeName, answered, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        activity?.SetTag("kcc.mode", modeName).SetTag("kcc.answered", answered).SetTag("kcc.citations", citations.Count);
        var response = new AskResponse(
            answered,
            answer,
            citations,
            Math.Round(confidence, 4),
            mode.ToString().ToLowerInvariant(),
            new AskTimings(Math.Round(retrieval.EmbedMilliseconds, 2), Math.Round(retrieval.SearchMilliseconds, 2), Math.Round(answerMs, 2), Math.Round(totalMs, 2)))
        {
            ConfidenceBand = band.Band,
            ConfidenceMeaning = band.Meaning,
        };
        return new ExtractiveResult(response, answered ? retrieval.Documents : []);
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Question: {Question}")]
    private static partial void LogQuestion(ILogger logger, string question);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered={Answered} citations={Citations} confidence={Confidence} in {Milliseconds:F1} ms")]
    private static partial void LogAnswered(ILogger logger, bool answered, int citations, double confidence, double milliseconds);
}
