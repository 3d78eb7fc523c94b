using System.Text.RegularExpressions;
using KccAssistant.Answering;
using KccAssistant.Answering.Answerability;
using KccAssistant.Retrieval;
using Microsoft.Extensions.Options;

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

/// <summary>The metrics of one mode (and variant) on one part of a set (names as in the report contract).</summary>
/// <param name="Mode">Retrieval mode.</param>
/// <param name="Metrics">Metric name to value; null where the metric has no denominator (no answerable questions, say).</param>
/// <param name="Questions">Per-question results.</param>
/// <param name="Sweep">The no-answer trade-off per confidence threshold.</param>
/// <param name="Split">The part of the set: "dev", "test" or "all".</param>
public sealed record ModeRun(string Mode, IReadOnlyDictionary<string, double?> Metrics, IReadOnlyList<QuestionResult> Questions, IReadOnlyList<ThresholdPoint> Sweep, string Split = LabelledSet.AllSplits)
{
    /// <summary>The variant's name (<c>--variant</c>); null for the settings as configured.</summary>
    public string? Variant { get; init; }

    /// <summary>The configuration keys the variant changed, with their values.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The 95% bootstrap interval per metric; null for a metric without a value.</summary>
    public IReadOnlyDictionary<string, double[]?> Intervals { get; init; } = new Dictionary<string, double[]?>();

    /// <summary>The confidence threshold below which this mode says "geen antwoord" (the marker on the trade-off plot).</summary>
    public double? Threshold { get; init; }

    /// <summary>The column name in tables and file names: the mode, then the variant, then the part when it is not the whole set.</summary>
    public string Name => string.Join('-', new[] { Mode, Variant, Split == LabelledSet.AllSplits ? null : Split }.Where(p => p is not null));

    /// <summary>A metric's value, null when missing or undefined.</summary>
    public double? Metric(string name) => Metrics.GetValueOrDefault(name);

    /// <summary>A metric's interval, null when there is none.</summary>
    public double[]? Interval(string name) => Intervals.GetValueOrDefault(name);
}

/// <summary>The no-answer trade-off at one confidence threshold.</summary>
/// <param name="Threshold">The confidence threshold.</param>
/// <param name="NoAnswerAccuracy">Share of unanswerable questions refused; null without unanswerable questions.</param>
/// <param name="FalseNoAnswerRate">Share of answerable questions refused; null without answerable questions.</param>
public sealed record ThresholdPoint(double Threshold, double? NoAnswerAccuracy, double? FalseNoAnswerRate);

/// <summary>Runs a labelled set through retrieval and answering for each mode.</summary>
public sealed partial class EvalRunner(
    HybridRetriever retriever,
    AskService ask,
    KccAssistant.Retrieval.Lexical.DutchLexicalSearch lexicalSearch,
    AnswerabilityModelProvider answerability,
    IOptions<RetrievalOptions> retrievalOptions,
    IOptions<AnswerabilityOptions> answerabilityOptions)
{
    private const int K = RunMetrics.K;

    /// <summary>Evaluates <paramref name="questions"/> (the part <paramref name="split"/> of a set) in <paramref name="mode"/>.</summary>
    /// <param name="questions">The questions.</param>
    /// <param name="mode">Retrieval mode.</param>
    /// <param name="split">The part of the set the questions are.</param>
    /// <param name="progress">Told each question's result as it is measured (the console's <c>--verbose</c> lines).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<ModeRun> RunAsync(
        IReadOnlyList<LabelledQuestion> questions, RetrievalMode mode, string split = LabelledSet.AllSplits, IProgress<QuestionResult>? progress = null, CancellationToken cancellationToken = default)
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
            var result = new QuestionResult(
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
                mode == RetrievalMode.Hybrid ? await FeaturesAsync(retriever, question.Question, cancellationToken) : null);
            results.Add(result);
            progress?.Report(result);
        }

        var metrics = RunMetrics.Compute(results).ToDictionary(m => m.Key, m => m.Value is { } v ? Round(v) : (double?)null, StringComparer.Ordinal);
        return new ModeRun(mode.ToString().ToLowerInvariant(), metrics, results, Sweep(results), split)
        {
            Intervals = Bootstrap.Intervals(results, cancellationToken: cancellationToken),
            Threshold = ThresholdOf(mode),
        };
    }

    /// <summary>The threshold the gate applies in <paramref name="mode"/>, as <see cref="AnswerabilityGate"/> chooses it.</summary>
    private double ThresholdOf(RetrievalMode mode) => mode switch
    {
        RetrievalMode.Dense => retrievalOptions.Value.MinDenseScore,
        RetrievalMode.Lexical => retrievalOptions.Value.MinLexicalShare,
        _ => answerabilityOptions.Value.ThresholdOverride ?? answerability.Current.Model.Threshold,
    };

    /// <summary>
    /// The answerability evidence of a question, from the same retrieval the ask service makes (its number of
    /// documents, not the eval's top 10); null when there is none (nothing found, or no dense side).
    /// </summary>
    internal static async Task<AnswerabilityFeatures?> FeaturesAsync(HybridRetriever retriever, string question, CancellationToken cancellationToken) =>
        AnswerabilityFeatures.From(await retriever.RetrieveAsync(question.Trim(), RetrievalMode.Hybrid, cancellationToken: cancellationToken));

    /// <summary>The weighted share of the question's words that the corpus never uses.</summary>
    private async Task<double> UnknownShareAsync(string question, CancellationToken cancellationToken)
    {
        var groups = await lexicalSearch.ExplainAsync(question, cancellationToken);
        var total = groups.Sum(g => g.Weight);
        return total <= 0 ? 0 : Math.Round(groups.Where(g => !g.Known).Sum(g => g.Weight) / total, 4);
    }

    private static bool IsRelevant(HashSet<string> relevant, string documentId, string url) =>
        relevant.Contains(LabelledSet.Normalize(documentId)) || relevant.Contains(LabelledSet.Normalize(url));

    internal static List<ThresholdPoint> Sweep(IReadOnlyList<QuestionResult> results)
    {
        var answerable = results.Where(r => r.Answerable).ToList();
        var unanswerable = results.Where(r => !r.Answerable).ToList();
        return Enumerable.Range(0, 21).Select(i => i * 0.05).Select(threshold => new ThresholdPoint(
            Round(threshold),
            unanswerable.Count == 0 ? null : Round(unanswerable.Count(r => r.Confidence < threshold) / (double)unanswerable.Count),
            answerable.Count == 0 ? null : Round(answerable.Count(r => r.Confidence < threshold) / (double)answerable.Count))).ToList();
    }

    private static double Round(double value) => Math.Round(value, 4);

    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex CitationMarker();
}
