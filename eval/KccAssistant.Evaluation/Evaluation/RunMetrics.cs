namespace KccAssistant.Eval.Evaluation;

/// <summary>
/// The metrics of a run computed from its per-question results (names as in the report contract). One function serves
/// the reported value, every bootstrap resample and both sides of a comparison, so they cannot drift apart.
/// </summary>
public static class RunMetrics
{
    /// <summary>The depth of the ranking that is evaluated.</summary>
    public const int K = 10;

    /// <summary>The quality metrics that get a confidence interval, in report order.</summary>
    public static IReadOnlyList<string> Quality { get; } =
        ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "noAnswerAccuracy", "falseNoAnswerRate", "citationPrecision", "mustContainRate"];

    /// <summary>The latency metrics (milliseconds).</summary>
    public static IReadOnlyList<string> Latency { get; } = ["p50Ms", "p95Ms"];

    /// <summary>Everything that gets an interval: quality and latency.</summary>
    public static IReadOnlyList<string> WithInterval { get; } = [.. Quality, .. Latency];

    /// <summary>Metrics where a higher value is worse, so a rise is the regression.</summary>
    public static bool LowerIsBetter(string metric) => metric is "falseNoAnswerRate" or "p50Ms" or "p95Ms";

    /// <summary>
    /// All metrics of <paramref name="results"/>. A metric whose denominator is empty (recall without answerable
    /// questions, noAnswerAccuracy without unanswerable ones, citationPrecision without cited answers) is null: a 0
    /// would read as "always wrong" when nothing was measured.
    /// </summary>
    public static Dictionary<string, double?> Compute(IReadOnlyList<QuestionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var answerable = results.Where(r => r.Answerable).ToList();
        var unanswerable = results.Where(r => !r.Answerable).ToList();
        var cited = answerable.Where(r => r.Answered && r.CitedInAnswer > 0).ToList();
        var mustContain = results.Where(r => r.MustContainOk.HasValue).ToList();
        var latencies = results.Select(r => r.Milliseconds).ToList();
        var metrics = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["questions"] = results.Count,
            ["answerable"] = answerable.Count,
            ["unanswerable"] = unanswerable.Count,
            ["recall@1"] = RecallAt(answerable, 1),
            ["recall@5"] = RecallAt(answerable, 5),
            ["recall@10"] = RecallAt(answerable, K),
            ["mrr@10"] = Mean(answerable, r => r.FirstRelevantRank is { } rank and <= K ? 1.0 / rank : 0),
            // Only the first relevant rank is kept per question, so nDCG credits one relevant document: a lower bound.
            ["ndcg@10"] = Mean(answerable, r => r.FirstRelevantRank is { } rank and <= K ? 1 / Math.Log2(rank + 1) : 0),
            ["noAnswerAccuracy"] = Mean(unanswerable, r => r.Answered ? 0 : 1),
            ["falseNoAnswerRate"] = Mean(answerable, r => r.Answered ? 0 : 1),
            ["citationPrecision"] = Mean(cited, r => (double)r.CitedRelevant / r.CitedInAnswer),
            ["mustContainRate"] = Mean(mustContain, r => r.MustContainOk == true ? 1 : 0),
            ["p50Ms"] = latencies.Count == 0 ? null : Metrics.Percentile(latencies, 50),
            ["p95Ms"] = latencies.Count == 0 ? null : Metrics.Percentile(latencies, 95),
        };
        return metrics;
    }

    /// <summary>The share of answerable questions with a relevant document in the top <paramref name="k"/>; null without any.</summary>
    public static double? RecallAt(IReadOnlyList<QuestionResult> results, int k)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Mean(results.Where(r => r.Answerable).ToList(), r => r.FirstRelevantRank is { } rank && rank <= k ? 1 : 0);
    }

    /// <summary>The recall@k curve for k = 1..<see cref="K"/>.</summary>
    public static IReadOnlyList<double?> RecallCurve(IReadOnlyList<QuestionResult> results) =>
        Enumerable.Range(1, K).Select(k => RecallAt(results, k)).ToList();

    private static double? Mean(List<QuestionResult> results, Func<QuestionResult, double> value) =>
        results.Count == 0 ? null : results.Average(value);
}
