using System.ComponentModel.DataAnnotations;

namespace KccAssistant.Retrieval;

/// <summary>How a question is searched.</summary>
public enum RetrievalMode
{
    /// <summary>Lexical and dense results fused with reciprocal rank fusion.</summary>
    Hybrid,
    /// <summary>Dutch-aware BM25 only.</summary>
    Lexical,
    /// <summary>Embedding similarity only.</summary>
    Dense,
}

/// <summary>How lexical and dense rankings are combined in hybrid mode.</summary>
public enum FusionMethod
{
    /// <summary>Weighted reciprocal rank fusion: weight / (k + rank).</summary>
    Rrf,
    /// <summary>Weighted sum of min-max normalised scores: (1 − DenseWeight) · lexical + DenseWeight · dense.</summary>
    Score,
}

/// <summary>The <c>Kcc:Retrieval</c> section.</summary>
public sealed class RetrievalOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Retrieval";

    /// <summary>Chunks taken from each method before fusion.</summary>
    [Range(5, 1000)]
    public int Candidates { get; set; } = 60;

    /// <summary>How hybrid mode combines the two rankings.</summary>
    public FusionMethod Fusion { get; set; } = FusionMethod.Score;

    /// <summary>The k of reciprocal rank fusion: 1 / (k + rank).</summary>
    [Range(1, 1000)]
    public int RrfK { get; set; } = 60;

    /// <summary>Weight of the lexical ranking in fusion.</summary>
    [Range(0, 10)]
    public double LexicalWeight { get; set; } = 1.0;

    /// <summary>Weight of the dense ranking in fusion.</summary>
    [Range(0, 10)]
    public double DenseWeight { get; set; } = 0.3;

    /// <summary>Distinct documents returned (and cited at most).</summary>
    [Range(1, 50)]
    public int MaxDocuments { get; set; } = 5;

    /// <summary>Editable synonym file (one group per line); relative paths resolve against the repository root.</summary>
    public string SynonymsPath { get; set; } = "src/KccAssistant/Retrieval/synonyms.nl.txt";

    /// <summary>Below this lexical share (0–1) of the best document, the assistant says it found no answer.</summary>
    [Range(0, 1)]
    public double MinLexicalShare { get; set; } = 0.3;

    /// <summary>Dense-only mode: below this cosine similarity it says it found no answer.</summary>
    [Range(-1, 1)]
    public double MinDenseScore { get; set; } = 0.45;
}
