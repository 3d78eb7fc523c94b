using KccAssistant.Retrieval;

namespace KccAssistant.Answering.Answerability;

/// <summary>
/// The evidence that decides whether the sources answer a question, taken from one hybrid retrieval. Coverage alone
/// is length-biased (a long question rarely has all its words in one passage) and blind to words merely mentioned in
/// passing; together with where the words occur (title or body) and the dense similarity, it separates better.
/// </summary>
/// <param name="TopCoverage">Coverage (0–1) of the best-ranked document.</param>
/// <param name="BestCoverage">Highest coverage among the retrieved documents.</param>
/// <param name="TopTitleCoverage">Coverage by the best-ranked document's title, VAC question and keywords.</param>
/// <param name="TopSentenceCoverage">Coverage by the best-ranked document's best single sentence with its title.</param>
/// <param name="TopDense">Cosine similarity of the best-ranked document.</param>
/// <param name="BestDense">Highest cosine similarity among the retrieved documents.</param>
/// <param name="QueryWords">Meaning-bearing words of the question.</param>
public readonly record struct AnswerabilityFeatures(
    double TopCoverage,
    double BestCoverage,
    double TopTitleCoverage,
    double TopSentenceCoverage,
    double TopDense,
    double BestDense,
    int QueryWords)
{
    /// <summary>
    /// The feature names, as used for the weights in configuration and calibration files. The number of words enters
    /// as its logarithm: each extra word matters less, so a rambling question cannot outweigh missing coverage.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
        [nameof(TopCoverage), nameof(BestCoverage), nameof(TopTitleCoverage), nameof(TopSentenceCoverage), nameof(TopDense), nameof(BestDense), "LogQueryWords"];

    /// <summary>The values in the order of <see cref="Names"/>.</summary>
    public double[] ToArray() => [TopCoverage, BestCoverage, TopTitleCoverage, TopSentenceCoverage, TopDense, BestDense, Math.Log(Math.Max(1, QueryWords))];

    /// <summary>The features of a hybrid retrieval; null when it found nothing or had no dense side to compare.</summary>
    public static AnswerabilityFeatures? From(RetrievalResult retrieval)
    {
        ArgumentNullException.ThrowIfNull(retrieval);
        var documents = retrieval.Documents;
        if (documents.Count == 0 || documents.All(d => d.DenseScore < -0.5) || retrieval.QueryWords == 0)
        {
            return null;
        }

        var top = documents[0];
        return new AnswerabilityFeatures(
            top.LexicalShare,
            documents.Max(d => d.LexicalShare),
            top.TitleShare,
            top.SentenceShare,
            top.DenseScore,
            documents.Max(d => d.DenseScore),
            retrieval.QueryWords);
    }
}
