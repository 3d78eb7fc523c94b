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
public sealed record AskTimings(double EmbedMs, double SearchMs, double AnswerMs, double TotalMs);

/// <summary>The assistant's reply: an answer with numbered citations, or an honest "no answer".</summary>
/// <param name="Answered">False when the sources do not cover the question.</param>
/// <param name="Answer">Short answer with [n] markers, or the no-answer message.</param>
/// <param name="Citations">Numbered sources, best first.</param>
/// <param name="Confidence">How well the best source covers the question (0–1).</param>
/// <param name="Mode">Retrieval mode used.</param>
/// <param name="Timings">Time per step.</param>
public sealed record AskResponse(bool Answered, string Answer, IReadOnlyList<Citation> Citations, double Confidence, string Mode, AskTimings Timings);
