using System.Globalization;

namespace KccAssistant.Eval.Benchmark;

/// <summary>The quality bars of DESIGN.md §5 that the benchmark measures, applied to a report.</summary>
internal static class BenchTargets
{
    /// <summary>Web app resident memory bar, MiB.</summary>
    public const double WebRssMb = 500;

    /// <summary>Ingest worker peak memory bar: 1.5 GiB in MiB.</summary>
    public const double WorkerPeakRssMb = 1536;

    /// <summary>Ask p95 bar at one client, ms.</summary>
    public const double AskP95Ms = 100;

    /// <summary>Asks per second bar at four clients.</summary>
    public const double AskRpsAtC4 = 20;

    /// <summary>Our embedding throughput over the package's.</summary>
    public const double EmbedSpeedup = 2;

    /// <summary>First ingest run over an unchanged re-run.</summary>
    public const double ReingestSpeedup = 10;

    /// <summary>Chunks indexed while the ask load runs.</summary>
    public const int IndexChunks = 10_000;

    /// <summary>Every number with its bar; <see cref="BenchCheck.Pass"/> is null for numbers without one.</summary>
    public static IReadOnlyList<BenchCheck> Evaluate(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var checks = new List<BenchCheck>
        {
            new("chunks", N(report.Chunks, 0), $"≥ {IndexChunks}", report.Chunks >= IndexChunks),
            new("embedChunksPerSecond", N(report.EmbedChunksPerSecond, 1),
                $"≥ {EmbedSpeedup:0}× package ({N(EmbedSpeedup * report.PackageEncodeChunksPerSecond, 1)})",
                report.PackageEncodeChunksPerSecond > 0 && report.EmbedChunksPerSecond >= EmbedSpeedup * report.PackageEncodeChunksPerSecond),
            new("packageEncodeChunksPerSecond", N(report.PackageEncodeChunksPerSecond, 1), "reference", null),
            new("crawlPagesPerSecond", N(report.CrawlPagesPerSecond, 1), "—", null),
            new("reingestSpeedup", N(report.ReingestSpeedup, 1), $"≥ {ReingestSpeedup:0}×", report.ReingestSpeedup >= ReingestSpeedup),
        };

        if (report.Reingest is { } reingest)
        {
            checks.Add(new("reingest.secondEmbeddedChunks", N(reingest.SecondEmbeddedChunks, 0), "= 0", reingest.SecondEmbeddedChunks == 0));
        }

        foreach (var (level, result) in report.Ask.OrderBy(a => a.Value.Concurrency))
        {
            checks.Add(new($"ask.{level}.p95Ms", N(result.P95Ms, 1), level == "c1" ? $"≤ {AskP95Ms:0} ms" : "—", level == "c1" ? result.P95Ms <= AskP95Ms && result.Requests > 0 : null));
            checks.Add(new($"ask.{level}.rps", N(result.Rps, 1), level == "c4" ? $"≥ {AskRpsAtC4:0}/s" : "—", level == "c4" ? result.Rps >= AskRpsAtC4 : null));
        }

        if (report.Ask.Count > 0)
        {
            var errors = report.Ask.Values.Sum(l => l.Errors);
            checks.Add(new("ask.errors", N(errors, 0), "= 0", errors == 0));
        }

        checks.Add(new("webRssMb", N(report.WebRssMb, 0), $"< {WebRssMb:0} MiB", report.WebRssMb > 0 && report.WebRssMb < WebRssMb));
        checks.Add(new("workerPeakRssMb", N(report.WorkerPeakRssMb, 0), $"< {WorkerPeakRssMb:0} MiB (1.5 GiB)", report.WorkerPeakRssMb > 0 && report.WorkerPeakRssMb < WorkerPeakRssMb));
        return checks;
    }

    private static string N(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
