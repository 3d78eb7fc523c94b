using KccAssistant.Eval.Evaluation;

namespace KccAssistant.Eval.Benchmark;

/// <summary>One concurrency level of the ask load, as written under <c>ask.cN</c> in bench.json.</summary>
/// <param name="P50Ms">Median client-side latency of successful requests.</param>
/// <param name="P95Ms">95th percentile (nearest rank).</param>
/// <param name="Rps">Successful requests per second over the whole level, tail included.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="MeanMs">Mean latency.</param>
/// <param name="MaxMs">Slowest request.</param>
/// <param name="Concurrency">Clients sending one request after the other.</param>
/// <param name="Requests">Successful requests.</param>
/// <param name="Errors">Failed requests (non-2xx or transport error).</param>
/// <param name="Seconds">Wall-clock duration of the level.</param>
/// <param name="AnsweredShare">Share of successful requests that got an answer rather than "geen antwoord".</param>
internal sealed record AskLevelResult(
    double P50Ms,
    double P95Ms,
    double Rps,
    double P99Ms,
    double MeanMs,
    double MaxMs,
    int Concurrency,
    int Requests,
    int Errors,
    double Seconds,
    double AnsweredShare);

/// <summary>Percentiles and throughput of a load run; pure, so the arithmetic is unit-tested.</summary>
internal static class LoadStatistics
{
    /// <summary>Summarises the latencies (ms) of successful requests of a level that took <paramref name="elapsed"/>.</summary>
    public static AskLevelResult Summarize(int concurrency, IReadOnlyList<double> latenciesMs, int errors, int answered, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(latenciesMs);
        var count = latenciesMs.Count;
        return new AskLevelResult(
            Round(Metrics.Percentile(latenciesMs, 50)),
            Round(Metrics.Percentile(latenciesMs, 95)),
            Round(PerSecond(count, elapsed)),
            Round(Metrics.Percentile(latenciesMs, 99)),
            Round(count == 0 ? 0 : latenciesMs.Average()),
            Round(count == 0 ? 0 : latenciesMs.Max()),
            concurrency,
            count,
            errors,
            Round(elapsed.TotalSeconds),
            Round(count == 0 ? 0 : (double)answered / count, 3));
    }

    /// <summary>Items per second; 0 for an empty or zero-length interval.</summary>
    public static double PerSecond(double items, TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero ? 0 : items / elapsed.TotalSeconds;

    /// <summary>How many times faster <paramref name="second"/> is than <paramref name="first"/> (first / second).</summary>
    public static double Speedup(TimeSpan first, TimeSpan second) =>
        second <= TimeSpan.Zero ? 0 : first.TotalSeconds / second.TotalSeconds;

    /// <summary>Rounds for the report: two decimals by default.</summary>
    public static double Round(double value, int decimals = 2) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}
