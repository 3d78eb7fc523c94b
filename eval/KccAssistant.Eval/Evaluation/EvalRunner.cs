using System.Text.RegularExpressions;
using KccAssistant.Answering;
using KccAssistant.Answering.Answerability;
using KccAssistant.Retrieval;

namespace KccAssistant.Eval.Evaluation;

/// <summary>What happened to one question in one mode.</summary>
public sealed record QuestionResult(
    string Id,
    string Question,
    bool Answerable,
    bool Answered,
    int? FirstRelevantRank,
    double Confidence,
    double Milliseconds,
    IReadOnlyList<string> Retrieved,
    IReadOnlyList<string> Relevant,
    int CitedInAnswer,
    int CitedRelevant,
    bool? MustContainOk,
    string Answer,
    double Coverage,
    double DenseMax,
    double UnknownShare,
    AnswerabilityFeatures? Features);

/// <summary>The metrics of one mode on one part of a set (names as in the report contract).</summary>
/// <param name="Mode">Retrieval mode.</param>
/// <param name="Metrics">Metric name to value.</param>
/// <param name="Questions">Per-question results.</param>
/// <param name="Sweep">The no-answer trade-off per confidence threshold.</param>
/// <param name="Split">The part of the set: "dev", "test" or "all".</param>
public sealed record ModeRun(string Mode, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<QuestionResult> Questions, IReadOnlyList<ThresholdPoint> Sweep, string Split = LabelledSet.AllSplits)
{
    /// <summary>The column name in tables and file names: the mode, with the part when it is not the whole set.</summary>
    public string Name => Split == LabelledSet.AllSplits ? Mode : $"{Mode}-{Split}";
}

/// <summary>The no-answer trade-off at one confidence threshold.</summary>
public sealed record ThresholdPoint(double Threshold, double NoAnswerAccuracy, double FalseNoAnswerRate);

/// <summary>Runs a labelled set through retrieval and answering for each mode.</summary>
public sealed partial class EvalRunner(HybridRetriever retriever, AskService ask, KccAssistant.Stores.IKnowledgeStore store)
{
    private const int K = 10;

    /// <summary>Evaluates <paramref name="questions"/> (the part <paramref name="split"/> of a set) in <paramref name="mode"/>.</summary>
    public async Task<ModeRun> RunAsync(IReadOnlyList<LabelledQuestion> questions, RetrievalMode mode, string split = LabelledSet.AllSplits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        // Warm-up: the first call loads the model and the index; it is not a latency sample.
        await ask.AskAsync("warm-up", mode, cancellationToken);
        var results = new List<QuestionResult>();
        foreach (var question in questions)
        {
            var relevant = question.Relevant.Select(LabelledSet.Normalize).ToHashSet(StringComparer.Ordinal);
            var retrieval = await retriever.RetrieveAsync(question.Question, mode, K, cancellationToken);
            var flags = retrieval.Documents.Select(d => IsRelevant(relevant, d.DocumentId, d.Best.Url)).ToList();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var response = await ask.AskAsync(question.Question, mode, cancellationToken);
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var citedNumbers = CitationMarker().Matches(response.Answer).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            var cited = response.Citations.Where(c => citedNumbers.Contains(c.Number)).ToList();
            var firstRelevant = flags.IndexOf(true);
            bool? mustContain = question.MustContain.Count == 0 || !response.Answered
                ? null
                : question.MustContain.All(word => response.Answer.Contains(word, StringComparison.OrdinalIgnoreCase));
            results.Add(new QuestionResult(
                question.Id,
                question.Question,
                question.Answerable,
                response.Answered,
                firstRelevant < 0 ? null : firstRelevant + 1,
                response.Confidence,
                ms,
                retrieval.Documents.Select(d => $"{d.Best.Title} <{d.Best.Url}>").ToList(),
                question.Relevant,
                cited.Count,
                cited.Count(c => IsRelevant(relevant, c.DocumentId, c.Url)),
                mustContain,
                response.Answer,
                retrieval.Documents.Count == 0 ? 0 : Math.Round(retrieval.Documents.Max(d => d.LexicalShare), 4),
                retrieval.Documents.Count == 0 ? 0 : Math.Round(retrieval.Documents.Max(d => d.DenseScore), 4),
                await UnknownShareAsync(question.Question, cancellationToken),
                mode == RetrievalMode.Hybrid ? await FeaturesAsync(retriever, question.Question, cancellationToken) : null));
        }

        return new ModeRun(mode.ToString().ToLowerInvariant(), Summarize(results, questions), results, Sweep(results), split);
    }

    /// <summary>
    /// The answerability evidence of a question, from the same retrieval the ask service makes (its number of
    /// documents, not the eval's top 10); null when there is none (nothing found, or no dense side).
    /// </summary>
    internal static async Task<AnswerabilityFeatures?> FeaturesAsync(HybridRetriever retriever, string question, CancellationToken cancellationToken) =>
        AnswerabilityFeatures.From(await retriever.RetrieveAsync(question.Trim(), RetrievalMode.Hybrid, cancellationToken: cancellationToken));

    /// <summary>The weighted share of the question's words that the corpus never uses (embedded store only).</summary>
    private async Task<double> UnknownShareAsync(string question, CancellationToken cancellationToken)
    {
        if (store is not KccAssistant.Stores.Embedded.EmbeddedKnowledgeStore embedded)
        {
            return 0;
        }

        var groups = await embedded.ExplainAsync(question, cancellationToken);
        var total = groups.Sum(g => g.Weight);
        return total <= 0 ? 0 : Math.Round(groups.Where(g => !g.Known).Sum(g => g.Weight) / total, 4);
    }

    private static bool IsRelevant(HashSet<string> relevant, string documentId, string url) =>
        relevant.Contains(LabelledSet.Normalize(documentId)) || relevant.Contains(LabelledSet.Normalize(url));

    private static Dictionary<string, double> Summarize(List<QuestionResult> results, IReadOnlyList<LabelledQuestion> questions)
    {
        var answerable = results.Where(r => r.Answerable).ToList();
        var unanswerable = results.Where(r => !r.Answerable).ToList();
        var relevantCounts = questions.ToDictionary(q => q.Id, q => q.Relevant.Count);
        double Mean(IEnumerable<double> values) => values.DefaultIfEmpty(0).Average();
        List<bool> Flags(QuestionResult r) => Enumerable.Range(1, K).Select(rank => r.FirstRelevantRank == rank).ToList();
        var answeredAnswerable = answerable.Where(r => r.Answered && r.CitedInAnswer > 0).ToList();
        var mustContain = results.Where(r => r.MustContainOk.HasValue).ToList();
        return new Dictionary<string, double>
        {
            ["questions"] = results.Count,
            ["answerable"] = answerable.Count,
            ["unanswerable"] = unanswerable.Count,
            ["recall@1"] = Round(Mean(answerable.Select(r => r.FirstRelevantRank is 1 ? 1.0 : 0))),
            ["recall@5"] = Round(Mean(answerable.Select(r => r.FirstRelevantRank is <= 5 ? 1.0 : 0))),
            ["recall@10"] = Round(Mean(answerable.Select(r => r.FirstRelevantRank is not null ? 1.0 : 0))),
            ["mrr@10"] = Round(Mean(answerable.Select(r => r.FirstRelevantRank is { } rank ? 1.0 / rank : 0))),
            // Only the first relevant rank is kept per question, so nDCG credits one relevant document: a lower bound.
            ["ndcg@10"] = Round(Mean(answerable.Select(r => Metrics.Ndcg(Flags(r), Math.Min(1, relevantCounts[r.Id]), K)))),
            ["noAnswerAccuracy"] = Round(Mean(unanswerable.Select(r => r.Answered ? 0.0 : 1))),
            ["falseNoAnswerRate"] = Round(Mean(answerable.Select(r => r.Answered ? 0.0 : 1))),
            ["citationPrecision"] = Round(Mean(answeredAnswerable.Select(r => (double)r.CitedRelevant / r.CitedInAnswer))),
            ["mustContainRate"] = Round(Mean(mustContain.Select(r => r.MustContainOk == true ? 1.0 : 0))),
            ["p50Ms"] = Round(Metrics.Percentile(results.Select(r => r.Milliseconds).ToList(), 50)),
            ["p95Ms"] = Round(Metrics.Percentile(results.Select(r => r.Milliseconds).ToList(), 95)),
        };
    }

    private static List<ThresholdPoint> Sweep(List<QuestionResult> results)
    {
        var answerable = results.Where(r => r.Answerable).ToList();
        var unanswerable = results.Where(r => !r.Answerable).ToList();
        return Enumerable.Range(0, 21).Select(i => i * 0.05).Select(threshold => new ThresholdPoint(
            Round(threshold),
            Round(unanswerable.Count == 0 ? 0 : unanswerable.Count(r => r.Confidence < threshold) / (double)unanswerable.Count),
            Round(answerable.Count == 0 ? 0 : answerable.Count(r => r.Confidence < threshold) / (double)answerable.Count))).ToList();
    }

    private static double Round(double value) => Math.Round(value, 4);

    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex CitationMarker();
}
