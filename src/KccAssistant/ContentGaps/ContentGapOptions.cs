using System.ComponentModel.DataAnnotations;

namespace KccAssistant.ContentGaps;

/// <summary>The <c>Kcc:ContentGaps</c> section: how unanswered and rejected questions are grouped for editors.</summary>
public sealed class ContentGapOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:ContentGaps";

    /// <summary>
    /// Share of the lexical similarity (overlap of the analysed Dutch terms) in the combined similarity; the rest is the
    /// cosine of the question embeddings. Lexical counts for half by default because the bundled English model is weak
    /// on Dutch on its own.
    /// </summary>
    [Range(0.0, 1.0)]
    public double LexicalWeight { get; set; } = 0.5;

    /// <summary>Combined similarity (0–1) at or above which a question joins a group.</summary>
    [Range(0.05, 1.0)]
    public double Threshold { get; set; } = 0.6;

    /// <summary>How many ISO weeks (the current one included) the per-week counts cover.</summary>
    [Range(1, 52)]
    public int Weeks { get; set; } = 8;

    /// <summary>How many of the sources shown with a group's answers are listed as the closest ones.</summary>
    [Range(1, 10)]
    public int SourcesPerGroup { get; set; } = 3;

    /// <summary>How far back questions are read, in days; the question log's own retention may keep fewer.</summary>
    [Range(1, 3650)]
    public int LookbackDays { get; set; } = 90;
}
