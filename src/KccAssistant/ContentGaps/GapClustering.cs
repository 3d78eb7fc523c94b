using System.Numerics.Tensors;

namespace KccAssistant.ContentGaps;

/// <summary>A question to group: its analysed terms and, when the embedding worked, its unit vector.</summary>
internal sealed record GapQuestion(int Index, string[] Terms, float[]? Vector);

/// <summary>
/// Greedy single-pass grouping against group centroids. Deterministic for a given order of questions, and a new
/// question never moves an earlier one to another group, which is what keeps a group's key (taken from its first
/// question) stable while questions keep coming in.
/// </summary>
internal sealed class GapClustering(double lexicalWeight, double threshold)
{
    public IReadOnlyList<Group> Cluster(IReadOnlyList<GapQuestion> questions)
    {
        var groups = new List<Group>();
        foreach (var question in questions)
        {
            Group? best = null;
            var bestScore = double.NegativeInfinity;
            foreach (var group in groups)
            {
                var score = group.Similarity(question, lexicalWeight);
                // Strictly greater: on a tie the older group wins, so the result does not depend on anything but order.
                if (score > bestScore)
                {
                    best = group;
                    bestScore = score;
                }
            }

            if (best is not null && bestScore >= threshold)
            {
                best.Add(question);
            }
            else
            {
                var group = new Group();
                group.Add(question);
                groups.Add(group);
            }
        }

        return groups;
    }

    /// <summary>A growing group: its members, the counts of their terms and the sum of their vectors.</summary>
    internal sealed class Group
    {
        private readonly Dictionary<string, int> _terms = new(StringComparer.Ordinal);
        private float[]? _vectorSum;
        private double _termNormSquared;

        public List<GapQuestion> Members { get; } = [];

        public void Add(GapQuestion question)
        {
            Members.Add(question);
            foreach (var term in question.Terms)
            {
                var count = _terms.GetValueOrDefault(term);
                // (c+1)² − c² keeps the squared norm current without a pass over every term.
                _termNormSquared += (2 * count) + 1;
                _terms[term] = count + 1;
            }

            if (question.Vector is { } vector)
            {
                _vectorSum ??= new float[vector.Length];
                if (_vectorSum.Length == vector.Length)
                {
                    TensorPrimitives.Add(_vectorSum, vector, _vectorSum);
                }
            }
        }

        /// <summary>
        /// Combined similarity of <paramref name="question"/> to the group's centroid: cosine of its term set with the
        /// group's term counts, and cosine of its embedding with the group's mean embedding. Without embeddings (the
        /// model failed) only the lexical side counts.
        /// </summary>
        public double Similarity(GapQuestion question, double lexicalWeight)
        {
            var lexical = Lexical(question);
            if (question.Vector is not { } vector || _vectorSum is null || _vectorSum.Length != vector.Length)
            {
                return lexical;
            }

            var dense = Math.Max(0, TensorPrimitives.CosineSimilarity(vector, _vectorSum));
            return (lexicalWeight * lexical) + ((1 - lexicalWeight) * dense);
        }

        private double Lexical(GapQuestion question)
        {
            if (question.Terms.Length == 0 || _termNormSquared == 0)
            {
                return 0;
            }

            var shared = 0;
            foreach (var term in question.Terms)
            {
                shared += _terms.GetValueOrDefault(term);
            }

            return shared / (Math.Sqrt(question.Terms.Length) * Math.Sqrt(_termNormSquared));
        }
    }
}
