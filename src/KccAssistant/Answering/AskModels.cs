using KccAssistant.Documents;

namespace KccAssistant.Answering;

/// <summary>A question to the assistant.</summary>
public sealed record AskRequest(string Question);

/// <summary>A numbered source of an answer.</summary>
/// <param name="Number">The [n] used in the answer text.</param>
/// <param name="Title">Document title.</param>
/// <param name="Url">Link to the source, with the section anchor where there is one.</param>
/// <param name="Snippet">The most relevant passage of the source.</param>
/// <param name="Highlights">Sentences of the snippet that support the answer.</param>
/// <param name="SourceType">Website, VAC, kennisartikel or Rijksoverheid.</param>
/// <param name="Section">Section heading of the cited passage.</param>
/// <param name="LastModified">When the source last changed.</param>
/// <param name="DocumentId">Stable id of the source document.</param>
/// <param name="Score">Retrieval score of the document.</param>
public sealed record Citation(
    int Number,
    string Title,
    string Url,
    string Snippet,
    IReadOnlyList<string> Highlights,
    SourceType SourceType,
    string Section,
    DateTimeOffset? LastModified,
    string DocumentId,
    double Score);

/// <summary>Time spent per step, in milliseconds.</summary>
/// <param name="EmbedMs">Embedding the question.</param>
/// <param name="SearchMs">Searching the store.</param>
/// <param name="AnswerMs">Building the extractive answer.</param>
/// <param name="TotalMs">Everything, generation included.</param>
/// <param name="GenerateMs">Asking the language model and validating its reply; 0 when no model was asked.</param>
public sealed record AskTimings(double EmbedMs, double SearchMs, double AnswerMs, double TotalMs, double GenerateMs = 0);

/// <summary>Who wrote the answer text.</summary>
public static class AnswerGenerators
{
    /// <summary>Sentences taken from the sources (the default, and the fallback).</summary>
    public const string Extractive = "extractive";

    /// <summary>Written by a language model from the numbered sources, then validated against them.</summary>
    public const string Llm = "llm";
}

/// <summary>What the validator did to a generated answer.</summary>
/// <param name="Model">The model that wrote it.</param>
/// <param name="KeptSentences">Sentences kept because the cited sources support them.</param>
/// <param name="DroppedSentences">Sentences dropped: no valid citation, or not supported by the cited sources.</param>
/// <param name="RemovedCitations">Citation numbers that pointed at no source and were removed.</param>
public sealed record GenerationReport(string Model, int KeptSentences, int DroppedSentences, IReadOnlyList<int> RemovedCitations);

/// <summary>The assistant's reply: an answer with numbered citations, or an honest "no answer".</summary>
/// <param name="Answered">False when the sources do not cover the question.</param>
/// <param name="Answer">Short answer with [n] markers, or the no-answer message.</param>
/// <param name="Citations">Numbered sources, best first.</param>
/// <param name="Confidence">How well the best source covers the question (0–1).</param>
/// <param name="Mode">Retrieval mode used.</param>
/// <param name="Timings">Time per step.</param>
/// <param name="Generator">Who wrote the answer text: <see cref="AnswerGenerators.Extractive"/> or <see cref="AnswerGenerators.Llm"/>.</param>
/// <param name="FallbackReason">
/// Set when a language model was asked but its reply was not used, so the extractive answer is shown instead: one of
/// the codes in <c>GenerationFallback</c> ("timeout", "error", ...). Null otherwise.
/// </param>
/// <param name="Generation">What the validator did to the model's reply; null when no model was asked.</param>
public sealed record AskResponse(
    bool Answered,
    string Answer,
    IReadOnlyList<Citation> Citations,
    double Confidence,
    string Mode,
    AskTimings Timings,
    string Generator = AnswerGenerators.Extractive,
    string? FallbackReason = null,
    GenerationReport? Generation = null)
{
    /// <summary>
    /// <see cref="Confidence"/> as agents read it: "hoog", "middel" or "laag" (<see cref="ConfidenceBands"/>); the
    /// number stays for data scientists, agents never see a bare percentage.
    /// </summary>
    public string ConfidenceBand { get; init; } = ConfidenceBands.Low;

    /// <summary>What the band means for the agent on the call, in Dutch.</summary>
    public string ConfidenceMeaning { get; init; } = ConfidenceBands.NoAnswerMeaning;

    /// <summary>
    /// Identifies this ask for feedback (<c>POST /api/feedback</c>): a new GUID per ask. Derived responses made with
    /// <c>with</c> (the generated answer that replaces the extractive one) keep it, so both steps of a streamed answer
    /// carry the same id.
    /// </summary>
    public string AskId { get; init; } = Guid.NewGuid().ToString("D");
}
