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
/// <param name="TopDenseAgreement">
/// 1 / the rank of the best-ranked document in the dense ranking alone (0 when the dense side did not find it): when
/// the fused first place is also the dense side's choice, the two methods agree on what the question is about.
/// </param>
/// <param name="TopicAgreement">
/// The share of the next four documents that are filed under the same topic as the best-ranked one (see
/// <see cref="SourceTopic"/>); 0 when it has no topic. A question the corpus answers usually finds several pages of
/// its topic, a topic-adjacent one a scatter of pages that each share a word with it.
/// </param>
public readonly record struct AnswerabilityFeatures(
    double TopCoverage,
    double BestCoverage,
    double TopTitleCoverage,
    double TopSentenceCoverage,
    double TopDense,
    double BestDense,
    int QueryWords,
    double TopDenseAgreement = 0,
    double TopicAgreement = 0)
{
    /// <summary>How many documents after the first <see cref="TopicAgreement"/> looks at.</summary>
    internal const int TopicNeighbours = 4;

    /// <summary>
    /// The feature names, as used for the weights in configuration and calibration files. The number of words enters
    /// as its logarithm: each extra word matters less, so a rambling question cannot outweigh missing coverage.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
        [nameof(TopCoverage), nameof(BestCoverage), nameof(TopTitleCoverage), nameof(TopSentenceCoverage), nameof(TopDense), nameof(BestDense), "LogQueryWords", nameof(TopDenseAgreement), nameof(TopicAgreement)];

    /// <summary>
    /// Features added after calibration files were first written: a file from before them (a hand calibration that
    /// nobody has redone yet) is still a valid model, in which they weigh 0.
    /// </summary>
    public static IReadOnlySet<string> AddedLater { get; } = new HashSet<string>(StringComparer.Ordinal) { nameof(TopDenseAgreement), nameof(TopicAgreement) };

    /// <summary>The values in the order of <see cref="Names"/>.</summary>
    public double[] ToArray() => [TopCoverage, BestCoverage, TopTitleCoverage, TopSentenceCoverage, TopDense, BestDense, Math.Log(Math.Max(1, QueryWords)), TopDenseAgreement, TopicAgreement];

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
        var denseRank = retrieval.DenseRanking is { } ranking ? IndexOf(ranking, top.DocumentId) + 1 : 0;
        var topic = SourceTopic.Of(top.Best.Url);
        var sameTopic = topic is null
            ? 0
            : documents.Skip(1).Take(TopicNeighbours).Count(d => string.Equals(SourceTopic.Of(d.Best.Url), topic, StringComparison.Ordinal));
        return new AnswerabilityFeatures(
            top.LexicalShare,
            documents.Max(d => d.LexicalShare),
            top.TitleShare,
            top.SentenceShare,
            top.DenseScore,
            documents.Max(d => d.DenseScore),
            retrieval.QueryWords,
            denseRank == 0 ? 0 : 1.0 / denseRank,
            sameTopic / (double)TopicNeighbours);
    }

    private static int IndexOf(IReadOnlyList<string> ranking, string documentId)
    {
        for (var i = 0; i < ranking.Count; i++)
        {
            if (string.Equals(ranking[i], documentId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
