using KccAssistant.Documents;
using KccAssistant.Embeddings;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Retrieval;

/// <summary>A document found for a question, with its best chunks and the evidence for each method.</summary>
/// <param name="DocumentId">Document id.</param>
/// <param name="Chunks">Its matching chunks, best first.</param>
/// <param name="Score">Fused score (or the single method's score).</param>
/// <param name="LexicalShare">Best lexical share of its chunks (0–1): how much of the question it covers.</param>
/// <param name="DenseScore">
/// Best cosine similarity of its chunks; for a document outside the dense candidates, the lowest candidate's similarity
/// (its own is at most that); -1 when there was no dense search.
/// </param>
/// <param name="TitleShare">How much of the question its title, VAC question and keywords cover (0–1).</param>
/// <param name="SentenceShare">How much of the question its best single sentence covers, with the title (0–1).</param>
public sealed record RetrievedDocument(string DocumentId, IReadOnlyList<Chunk> Chunks, double Score, double LexicalShare, double DenseScore, double TitleShare = 0, double SentenceShare = 0)
{
    /// <summary>The best chunk.</summary>
    public Chunk Best => Chunks[0];
}

/// <summary>What retrieval found, best document first.</summary>
/// <param name="Documents">Distinct documents, best first.</param>
/// <param name="EmbedMilliseconds">Time spent embedding the question.</param>
/// <param name="SearchMilliseconds">Time spent searching and fusing.</param>
/// <param name="QueryWords">Meaning-bearing words (word groups) of the question, 0 without a lexical search.</param>
/// <param name="DenseModel">The embedding model the dense side searched with; null when there was no dense search.</param>
/// <param name="DenseRanking">
/// The distinct documents of the dense candidates, most similar first: whether the dense side agrees with the fused
/// ranking is evidence for "geen antwoord". Empty when there was no dense search.
/// </param>
public sealed record RetrievalResult(IReadOnlyList<RetrievedDocument> Documents, double EmbedMilliseconds, double SearchMilliseconds, int QueryWords = 0, string? DenseModel = null, IReadOnlyList<string>? DenseRanking = null);

/// <summary>
/// Searches lexically (<see cref="DutchLexicalSearch"/> over the store's chunks) and densely (the store) and fuses the two rankings with weighted reciprocal rank fusion, then
/// collapses chunks to distinct documents. The English bundled model is weak on Dutch, so the lexical side carries
/// most of the weight by default; the eval CLI measures each mode side by side.
/// </summary>
public sealed partial class HybridRetriever(
    IKnowledgeStore store,
    DutchLexicalSearch lexicalSearch,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<RetrievalOptions> options,
    ILogger<HybridRetriever> logger)
{
    private int _mismatchLogged;

    /// <summary>Finds the documents that best answer <paramref name="question"/>.</summary>
    public async Task<RetrievalResult> RetrieveAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, int? maxDocuments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var settings = options.Value;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        IReadOnlyList<ScoredChunk> dense = [];
        double embedMs = 0;
        if (mode != RetrievalMode.Lexical && await DenseUsableAsync(cancellationToken))
        {
            var vector = await embeddings.EmbedQueryAsync(question, cancellationToken);
            embedMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            dense = await store.SearchDenseAsync(vector, settings.Candidates, cancellationToken: cancellationToken);
        }

        IReadOnlyList<ScoredChunk> lexical = mode == RetrievalMode.Dense
            ? []
            : await lexicalSearch.SearchAsync(question, settings.Candidates, cancellationToken);

        var fused = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        Candidate At(Chunk chunk)
        {
            if (!fused.TryGetValue(chunk.Id, out var candidate))
            {
                candidate = new Candidate(chunk);
                fused[chunk.Id] = candidate;
            }

            return candidate;
        }

        var useScores = mode == RetrievalMode.Hybrid && settings.Fusion == FusionMethod.Score;
        var lexicalWeight = mode == RetrievalMode.Hybrid ? (useScores ? 1 - settings.DenseWeight : settings.LexicalWeight) : 1;
        var denseWeight = mode == RetrievalMode.Hybrid ? settings.DenseWeight : 1;
        var (lexicalMin, lexicalMax) = Range(lexical);
        var (denseMin, denseMax) = Range(dense);
        for (var rank = 0; rank < lexical.Count; rank++)
        {
            var candidate = At(lexical[rank].Chunk);
            candidate.Share = lexical[rank].Share;
            candidate.TitleShare = lexical[rank].TitleShare;
            candidate.SentenceShare = lexical[rank].SentenceShare;
            candidate.Score += lexicalWeight * (useScores ? Normalize(lexical[rank].Score, lexicalMin, lexicalMax) : 1.0 / (settings.RrfK + rank + 1));
        }

        for (var rank = 0; rank < dense.Count; rank++)
        {
            var candidate = At(dense[rank].Chunk);
            candidate.Dense = dense[rank].Score;
            candidate.Score += denseWeight * (useScores ? Normalize(dense[rank].Score, denseMin, denseMax) : 1.0 / (settings.RrfK + rank + 1));
        }

        var documents = fused.Values
            .GroupBy(c => c.Chunk.DocumentId, StringComparer.Ordinal)
            .Select(group =>
            {
                var ordered = group.OrderByDescending(c => c.Score).ToList();
                return new RetrievedDocument(
                    group.Key,
                    ordered.Select(c => c.Chunk).ToList(),
                    ordered[0].Score,
                    group.Max(c => c.Share),
                    dense.Count == 0 ? -1 : Math.Max(group.Max(c => c.Dense), denseMin),
                    group.Max(c => c.TitleShare),
                    group.Max(c => c.SentenceShare));
            })
            .OrderByDescending(d => d.Score);
        var distinct = new List<RetrievedDocument>();
        var kept = new List<HashSet<string>>();
        var limit = maxDocuments ?? settings.MaxDocuments;
        foreach (var document in documents)
        {
            // The same text published twice (a VAC copied onto the website, a page under two URLs) would take two
            // of the few citation places and say nothing new: keep the better-ranked copy.
            var shingles = NearDuplicates.Shingles(document.Best.Text);
            if (kept.Any(other => NearDuplicates.Similarity(shingles, other) >= NearDuplicates.Threshold))
            {
                continue;
            }

            distinct.Add(document);
            kept.Add(shingles);
            if (distinct.Count == limit)
            {
                break;
            }
        }

        var totalMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new RetrievalResult(
            distinct,
            embedMs,
            totalMs - embedMs,
            lexical.Count == 0 ? 0 : lexical[0].QueryWords,
            dense.Count == 0 ? null : embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId,
            dense.OrderByDescending(d => d.Score).Select(d => d.Chunk.DocumentId).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Question vectors are only comparable with chunk vectors of the same model. After the configured model changed
    /// and before re-ingestion, the dense side is switched off rather than returning meaningless neighbours.
    /// </summary>
    private async Task<bool> DenseUsableAsync(CancellationToken cancellationToken)
    {
        var indexed = (await store.GetInfoAsync(cancellationToken)).EmbeddingModel;
        var configured = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
        var usable = indexed is null || configured is null || string.Equals(indexed, configured, StringComparison.Ordinal);
        if (!usable && Interlocked.Exchange(ref _mismatchLogged, 1) == 0)
        {
            LogModelMismatch(logger, indexed!, configured!);
        }

        return usable;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The index was embedded with {Indexed} but the configured model is {Configured}: dense search is off until the sources are re-ingested")]
    private static partial void LogModelMismatch(ILogger logger, string indexed, string configured);

    private static (double Min, double Max) Range(IReadOnlyList<ScoredChunk> ranking) =>
        ranking.Count == 0 ? (0, 0) : (ranking.Min(r => r.Score), ranking.Max(r => r.Score));

    // Min-max over the candidates; a method that returned one candidate gives it full marks.
    private static double Normalize(double score, double min, double max) => max - min < 1e-9 ? 1 : (score - min) / (max - min);

    private sealed class Candidate(Chunk chunk)
    {
        public Chunk Chunk { get; } = chunk;

        public double Score { get; set; }

        public double Share { get; set; }

        public double TitleShare { get; set; }

        public double SentenceShare { get; set; }

        public double Dense { get; set; } = -1;
    }
}
