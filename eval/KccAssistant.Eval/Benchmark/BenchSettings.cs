namespace KccAssistant.Eval.Benchmark;

/// <summary>The <c>bench</c> flags and the sizes that follow from them; <c>--quick</c> fits in 3 minutes on 2 cores.</summary>
/// <param name="Quick">Short loads and fewer repetitions.</param>
/// <param name="OutputDirectory">Where bench.json and bench.md go.</param>
internal sealed record BenchSettings(bool Quick, string OutputDirectory)
{
    /// <summary>Default output folder, relative to the repository root.</summary>
    public const string DefaultOutput = "eval/out/bench";

    /// <summary>Usage line.</summary>
    public const string Usage = "dotnet run -c Release --project eval/KccAssistant.Eval -- bench [--quick] [--out DIR]";

    /// <summary>Concurrency levels of the ask load, as named in bench.json (c1, c4, c16).</summary>
    public static IReadOnlyList<int> Concurrencies { get; } = [1, 4, 16];

    /// <summary>Chunks in the synthetic index the web app serves during the ask load.</summary>
    public int IndexChunks => 10_000;

    /// <summary>Max tokens at which our pipeline and the package's Encode are compared.</summary>
    public int EmbedMaxTokens => 256;

    /// <summary>Real chunk texts embedded per side and round.</summary>
    public int EmbedPassages => Quick ? 48 : 192;

    /// <summary>Alternating rounds of ours/package; the best round of each counts.</summary>
    public int EmbedRounds => Quick ? 2 : 4;

    /// <summary>Measured crawls of the sample site (after one warm-up crawl).</summary>
    public int CrawlRuns => Quick ? 3 : 10;

    /// <summary>Load per concurrency level.</summary>
    public TimeSpan AskDuration => Quick ? TimeSpan.FromSeconds(8) : TimeSpan.FromSeconds(30);

    /// <summary>Unmeasured load before the first level (JIT, caches, connection pool).</summary>
    public TimeSpan AskWarmUp => Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(8);

    /// <summary>Parses the arguments after <c>bench</c>.</summary>
    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = false;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--out":
                    output = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                        ? args[++i]
                        : throw new ArgumentException("--out verwacht een map.");
                    break;
                default:
                    throw new ArgumentException($"Onbekende optie '{args[i]}'. Gebruik: {Usage}");
            }
        }

        return new BenchSettings(quick, output ?? DefaultOutput);
    }
}
