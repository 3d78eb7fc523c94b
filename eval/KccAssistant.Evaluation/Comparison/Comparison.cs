using KccAssistant.Eval.Evaluation;

namespace KccAssistant.Eval.Comparison;

/// <summary>The change of one metric from report A to report B.</summary>
/// <param name="Metric">Metric name as in report.json.</param>
/// <param name="A">Value in A, on the questions both share.</param>
/// <param name="B">Value in B, on the questions both share.</param>
/// <param name="Delta">B − A; null when either has no value.</param>
/// <param name="Interval">Paired-bootstrap 95% interval of the delta; null without a delta.</param>
/// <param name="Verdict"><see cref="Regression"/>, <see cref="Improvement"/> or empty: the interval holds 0.</param>
public sealed record MetricDelta(string Metric, double? A, double? B, double? Delta, double[]? Interval, string Verdict)
{
    /// <summary>The whole interval lies on the bad side of 0.</summary>
    public const string Regression = "regressie";

    /// <summary>The whole interval lies on the good side of 0.</summary>
    public const string Improvement = "verbetering";
}

/// <summary>A question whose outcome differs between A and B.</summary>
/// <param name="Id">Question id.</param>
/// <param name="Question">The question.</param>
/// <param name="Before">Outcome in A.</param>
/// <param name="After">Outcome in B.</param>
/// <param name="Direction">"slechter", "beter" or "anders" (one thing better, another worse).</param>
public sealed record OutcomeChange(string Id, string Question, string Before, string After, string Direction);

/// <summary>Two runs of the same mode, variant and part compared.</summary>
/// <param name="Name">The run's name.</param>
/// <param name="Mode">Retrieval mode.</param>
/// <param name="Variant">Variant, or null.</param>
/// <param name="Split">Part of the set.</param>
/// <param name="SharedQuestions">Questions in both runs: the only ones compared.</param>
/// <param name="OnlyInA">Question ids only A has.</param>
/// <param name="OnlyInB">Question ids only B has.</param>
/// <param name="Metrics">Per metric the delta with its interval.</param>
/// <param name="Changes">Questions whose outcome changed.</param>
public sealed record RunComparison(
    string Name, string Mode, string? Variant, string Split, int SharedQuestions, IReadOnlyList<string> OnlyInA, IReadOnlyList<string> OnlyInB,
    IReadOnlyList<MetricDelta> Metrics, IReadOnlyList<OutcomeChange> Changes)
{
    /// <summary>Whether any metric regressed beyond its interval.</summary>
    public bool HasRegression => Metrics.Any(m => m.Verdict == MetricDelta.Regression);
}

/// <summary>Report B compared with report A.</summary>
/// <param name="A">Path of A.</param>
/// <param name="B">Path of B.</param>
/// <param name="Set">The labelled set both measured.</param>
/// <param name="CommitA">A's commit, when recorded.</param>
/// <param name="CommitB">B's commit, when recorded.</param>
/// <param name="Runs">The matched runs.</param>
/// <param name="UnmatchedA">Runs only in A (not compared).</param>
/// <param name="UnmatchedB">Runs only in B (not compared).</param>
public sealed record ComparisonResult(
    string A, string B, string Set, string? CommitA, string? CommitB, IReadOnlyList<RunComparison> Runs, IReadOnlyList<string> UnmatchedA, IReadOnlyList<string> UnmatchedB)
{
    /// <summary>Whether any run has a flagged regression (exit code 1).</summary>
    public bool HasRegression => Runs.Any(r => r.HasRegression);
}

/// <summary>
/// Compares two reports: runs matched by mode, variant and part, questions by id. Every metric is recomputed on the
/// questions both runs share, so a question added to the set later does not show up as a change; the interval of each
/// delta is a paired bootstrap over those questions.
/// </summary>
public static class ReportComparer
{
    /// <summary>Compares <paramref name="b"/> with <paramref name="a"/>; an <see cref="InvalidOperationException"/> says why they cannot be compared.</summary>
    public static ComparisonResult Compare(ReadReport a, ReadReport b, int resamples = Bootstrap.DefaultResamples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var setA = Path.GetFileName(a.Set);
        var setB = Path.GetFileName(b.Set);
        if (!string.Equals(setA, setB, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"De rapporten meten verschillende sets: A {a.Set}, B {b.Set}. Vergelijk runs op dezelfde set.");
        }

        var runsB = b.Runs.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var matched = a.Runs.Where(r => runsB.ContainsKey(r.Key)).ToList();
        if (matched.Count == 0)
        {
            throw new InvalidOperationException(
                $"Geen gemeenschappelijke runs (modus, variant en deel): A heeft {string.Join(", ", a.Runs.Select(r => r.Name))}; B heeft {string.Join(", ", b.Runs.Select(r => r.Name))}.");
        }

        var comparisons = new List<RunComparison>();
        foreach (var runA in matched)
        {
            var runB = runsB[runA.Key];
            var byIdB = runB.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
            var pairs = runA.Questions.Where(q => byIdB.ContainsKey(q.Id)).Select(q => new QuestionPair(q, byIdB[q.Id])).ToList();
            if (pairs.Count == 0)
            {
                throw new InvalidOperationException($"Run {runA.Name}: A en B hebben geen vraag-id's gemeen; zijn het verschillende sets?");
            }

            var relabelled = pairs.FirstOrDefault(p => p.A.Answerable != p.B.Answerable);
            if (relabelled is not null)
            {
                throw new InvalidOperationException($"Vraag {relabelled.A.Id} is in A {(relabelled.A.Answerable ? "" : "on")}beantwoordbaar en in B niet: de sets verschillen.");
            }

            comparisons.Add(CompareRun(runA, runB, pairs, resamples, cancellationToken));
        }

        return new ComparisonResult(
            a.Path,
            b.Path,
            a.Set,
            a.Commit,
            b.Commit,
            comparisons,
            a.Runs.Where(r => !runsB.ContainsKey(r.Key)).Select(r => r.Name).ToList(),
            b.Runs.Where(r => a.Runs.All(x => x.Key != r.Key)).Select(r => r.Name).ToList());
    }

    /// <summary>Regression when the whole interval lies on the bad side of 0, improvement when on the good side.</summary>
    public static string Verdict(string metric, double[]? interval)
    {
        if (interval is not [var lo, var hi])
        {
            return "";
        }

        var lowerIsBetter = RunMetrics.LowerIsBetter(metric);
        if (lowerIsBetter ? lo > 0 : hi < 0)
        {
            return MetricDelta.Regression;
        }

        return lowerIsBetter ? (hi < 0 ? MetricDelta.Improvement : "") : (lo > 0 ? MetricDelta.Improvement : "");
    }

    /// <summary>A question's outcome in words: found in the top 5 or not, answered or refused.</summary>
    public static string Outcome(QuestionResult question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Answerable
            ? $"{(question.FirstRelevantRank is <= 5 ? "gevonden" : "niet gevonden")}, {(question.Answered ? "beantwoord" : "geweigerd")}"
            : question.Answered ? "onterecht beantwoord" : "terecht geweigerd";
    }

    private static RunComparison CompareRun(ReadRun runA, ReadRun runB, List<QuestionPair> pairs, int resamples, CancellationToken cancellationToken)
    {
        var metricsA = RunMetrics.Compute(pairs.Select(p => p.A).ToList());
        var metricsB = RunMetrics.Compute(pairs.Select(p => p.B).ToList());
        var deltas = Bootstrap.Deltas(metricsA, metricsB);
        var intervals = Bootstrap.PairedDeltaIntervals(pairs, resamples, cancellationToken: cancellationToken);
        var metrics = RunMetrics.WithInterval.Select(m => new MetricDelta(
            m,
            Round(metricsA[m]),
            Round(metricsB[m]),
            Round(deltas[m]),
            intervals[m],
            Verdict(m, intervals[m]))).ToList();

        var changes = pairs
            .Select(p => (Pair: p, Before: Outcome(p.A), After: Outcome(p.B)))
            .Where(c => c.Before != c.After)
            .Select(c => new OutcomeChange(c.Pair.A.Id, c.Pair.A.Question, c.Before, c.After, Direction(c.Pair)))
            .OrderBy(c => c.Direction switch { "slechter" => 0, "anders" => 1, _ => 2 })
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        var idsB = runB.Questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var idsA = runA.Questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        return new RunComparison(
            runA.Name, runA.Mode, runA.Variant, runA.Split, pairs.Count,
            runA.Questions.Where(q => !idsB.Contains(q.Id)).Select(q => q.Id).ToList(),
            runB.Questions.Where(q => !idsA.Contains(q.Id)).Select(q => q.Id).ToList(),
            metrics, changes);
    }

    private static string Direction(QuestionPair pair)
    {
        if (!pair.A.Answerable)
        {
            return pair.B.Answered ? "slechter" : "beter";
        }

        static int Found(QuestionResult q) => q.FirstRelevantRank is <= 5 ? 1 : 0;
        static int Answered(QuestionResult q) => q.Answered ? 1 : 0;
        var found = Found(pair.B) - Found(pair.A);
        var answered = Answered(pair.B) - Answered(pair.A);
        return (found, answered) switch
        {
            ( <= 0, <= 0) => "slechter",
            ( >= 0, >= 0) => "beter",
            _ => "anders",
        };
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
