namespace KccAssistant.Eval.Evaluation;

/// <summary>Ranking metrics over distinct documents with binary relevance.</summary>
public static class Metrics
{
    /// <summary>1 when a relevant document is among the first <paramref name="k"/>.</summary>
    public static double HitAt(IReadOnlyList<bool> relevance, int k) => relevance.Take(k).Any(r => r) ? 1 : 0;

    /// <summary>Reciprocal rank of the first relevant document within <paramref name="k"/>, else 0.</summary>
    public static double ReciprocalRank(IReadOnlyList<bool> relevance, int k)
    {
        for (var i = 0; i < Math.Min(k, relevance.Count); i++)
        {
            if (relevance[i])
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>nDCG@k with binary gains; the ideal ranking has min(relevantCount, k) relevant documents first.</summary>
    public static double Ndcg(IReadOnlyList<bool> relevance, int relevantCount, int k)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, relevance.Count); i++)
        {
            if (relevance[i])
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }

        double ideal = 0;
        for (var i = 0; i < Math.Min(k, relevantCount); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>The p-th percentile (0–100) by nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
