using System.Globalization;

namespace KccAssistant.Eval.Evaluation;

/// <summary>One question as measured in two runs (A before, B after), for paired comparisons.</summary>
public sealed record QuestionPair(QuestionResult A, QuestionResult B);

/// <summary>
/// Percentile-bootstrap confidence intervals over questions. Answerable and unanswerable questions are resampled
/// separately, each group to its own size, so every rate keeps its denominator: with 28 unanswerable questions a
/// resample never has 20 or 40 of them, which would widen noAnswerAccuracy's interval for no reason.
/// </summary>
public static class Bootstrap
{
    /// <summary>Resamples per interval: the 2.5 and 97.5 percentiles then rest on 50 resamples each.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>A fixed seed, so the same run gives the same report (and a diff between reports means something).</summary>
    public const int DefaultSeed = 20261205;

    /// <summary>The coverage of the intervals.</summary>
    public const double Level = 0.95;

    /// <summary>
    /// The percentile interval of bootstrap statistics: the nearest-rank (1 − level)/2 and (1 + level)/2 percentiles
    /// (the same definition as <see cref="Metrics.Percentile"/>); null when there are no statistics.
    /// </summary>
    public static double[]? PercentileInterval(IReadOnlyList<double> statistics, double level = Level)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Count == 0)
        {
            return null;
        }

        var sorted = statistics.Order().ToArray();
        double At(double quantile)
        {
            // The small tolerance keeps 0.025 × 2000 at rank 50 instead of 51 when the product lands a hair above it.
            var rank = (int)Math.Ceiling((quantile * sorted.Length) - 1e-9);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }

        return [At((1 - level) / 2), At((1 + level) / 2)];
    }

    /// <summary>
    /// A 95% interval for every metric in <see cref="RunMetrics.WithInterval"/>. A metric without a value (no
    /// answerable questions for recall, say) has no interval: null. A resample in which a metric has no value (no cited
    /// answer drawn, for citationPrecision) is left out of that metric's percentiles.
    /// </summary>
    public static Dictionary<string, double[]?> Intervals(
        IReadOnlyList<QuestionResult> results, int resamples = DefaultResamples, int seed = DefaultSeed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        var point = RunMetrics.Compute(results);
        var samples = RunMetrics.WithInterval.ToDictionary(m => m, _ => new List<double>(resamples), StringComparer.Ordinal);
        var resample = new QuestionResult[results.Count];
        foreach (var indices in StratifiedIndices(results.Select(r => r.Answerable).ToList(), resamples, seed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < indices.Length; i++)
            {
                resample[i] = results[indices[i]];
            }

            var metrics = RunMetrics.Compute(resample);
            foreach (var (metric, values) in samples)
            {
                if (metrics[metric] is { } value)
                {
                    values.Add(value);
                }
            }
        }

        return samples.ToDictionary(s => s.Key, s => point[s.Key] is null ? null : Round(PercentileInterval(s.Value)), StringComparer.Ordinal);
    }

    /// <summary>
    /// Paired bootstrap of the difference B − A per metric: each resample draws question ids (within the answerable and
    /// the unanswerable group) and measures both runs on exactly those questions, so the interval reflects the change
    /// and not the spread between questions that both runs share. Null where the delta has no value.
    /// </summary>
    public static Dictionary<string, double[]?> PairedDeltaIntervals(
        IReadOnlyList<QuestionPair> pairs, int resamples = DefaultResamples, int seed = DefaultSeed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var pointDelta = Deltas(RunMetrics.Compute(pairs.Select(p => p.A).ToList()), RunMetrics.Compute(pairs.Select(p => p.B).ToList()));
        var samples = RunMetrics.WithInterval.ToDictionary(m => m, _ => new List<double>(resamples), StringComparer.Ordinal);
        var a = new QuestionResult[pairs.Count];
        var b = new QuestionResult[pairs.Count];
        foreach (var indices in StratifiedIndices(pairs.Select(p => p.A.Answerable).ToList(), resamples, seed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < indices.Length; i++)
            {
                a[i] = pairs[indices[i]].A;
                b[i] = pairs[indices[i]].B;
            }

            var deltas = Deltas(RunMetrics.Compute(a), RunMetrics.Compute(b));
            foreach (var (metric, values) in samples)
            {
                if (deltas[metric] is { } value)
                {
                    values.Add(value);
                }
            }
        }

        return samples.ToDictionary(s => s.Key, s => pointDelta[s.Key] is null ? null : Round(PercentileInterval(s.Value)), StringComparer.Ordinal);
    }

    /// <summary>B − A per metric in <see cref="RunMetrics.WithInterval"/>; null where either side has no value.</summary>
    public static Dictionary<string, double?> Deltas(IReadOnlyDictionary<string, double?> a, IReadOnlyDictionary<string, double?> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return RunMetrics.WithInterval.ToDictionary(
            m => m,
            m => a.GetValueOrDefault(m) is { } before && b.GetValueOrDefault(m) is { } after ? after - before : (double?)null,
            StringComparer.Ordinal);
    }

    /// <summary>"0.94 [0.89–0.98]", or the value alone without an interval, or "–" without a value.</summary>
    public static string Format(double? value, double[]? interval, string format = "0.00")
    {
        if (value is not { } v)
        {
            return "–";
        }

        var text = v.ToString(format, CultureInfo.InvariantCulture);
        return interval is [var lo, var hi]
            ? $"{text} [{lo.ToString(format, CultureInfo.InvariantCulture)}–{hi.ToString(format, CultureInfo.InvariantCulture)}]"
            : text;
    }

    /// <summary>
    /// Index arrays of stratified resamples: position i draws, with replacement, from the positions with the same
    /// stratum as position i, so each group keeps its size in every resample.
    /// </summary>
    internal static IEnumerable<int[]> StratifiedIndices(IReadOnlyList<bool> strata, int resamples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var groups = new[] { false, true }.ToDictionary(s => s, s => Enumerable.Range(0, strata.Count).Where(i => strata[i] == s).ToArray());
        var random = new Random(seed);
        for (var r = 0; r < resamples; r++)
        {
            var indices = new int[strata.Count];
            for (var i = 0; i < strata.Count; i++)
            {
                var group = groups[strata[i]];
                indices[i] = group[random.Next(group.Length)];
            }

            yield return indices;
        }
    }

    private static double[]? Round(double[]? interval) => interval?.Select(v => Math.Round(v, 4)).ToArray();
}
