namespace KccAssistant.Answering.Answerability;

/// <summary>A fitted logistic model on raw (unstandardised) features.</summary>
/// <param name="Intercept">The intercept.</param>
/// <param name="Weights">One weight per feature.</param>
public sealed record LogisticFit(double Intercept, double[] Weights)
{
    /// <summary>The probability of the positive class.</summary>
    public double Probability(double[] features)
    {
        var z = Intercept;
        for (var i = 0; i < Weights.Length; i++)
        {
            z += Weights[i] * features[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }
}

/// <summary>
/// L2-regularised logistic regression fitted with Newton's method. Small on purpose: a labelled set has a few
/// hundred questions and a handful of features. Features are standardised while fitting (so one penalty suits all)
/// and the result is turned back into weights on the raw features. Both classes weigh equally in total, because a
/// set has far fewer unanswerable than answerable questions.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Fits <paramref name="labels"/> (true = positive) on <paramref name="features"/> (one row per example).</summary>
    public static LogisticFit Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> labels, double l2 = 1.0)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count != labels.Count || features.Count == 0)
        {
            throw new ArgumentException("Er zijn evenveel voorbeelden als labels nodig, en minstens één.");
        }

        var positives = labels.Count(l => l);
        if (positives == 0 || positives == labels.Count)
        {
            throw new ArgumentException("Beide klassen (beantwoordbaar en onbeantwoordbaar) moeten voorkomen.");
        }

        var n = features.Count;
        var d = features[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            mean[j] = features.Average(x => x[j]);
            var sd = Math.Sqrt(features.Average(x => (x[j] - mean[j]) * (x[j] - mean[j])));
            scale[j] = sd < 1e-9 ? 1 : sd;
        }

        // Row i as [1, standardised features...].
        var rows = features.Select(x => new[] { 1.0 }.Concat(x.Select((v, j) => (v - mean[j]) / scale[j])).ToArray()).ToArray();
        var sampleWeight = labels.Select(l => l ? n / (2.0 * positives) : n / (2.0 * (n - positives))).ToArray();
        var beta = new double[d + 1];
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < n; i++)
            {
                var z = 0.0;
                for (var j = 0; j <= d; j++)
                {
                    z += beta[j] * rows[i][j];
                }

                var p = 1 / (1 + Math.Exp(-z));
                var error = sampleWeight[i] * (p - (labels[i] ? 1 : 0));
                var curvature = sampleWeight[i] * p * (1 - p);
                for (var j = 0; j <= d; j++)
                {
                    gradient[j] += error * rows[i][j];
                    for (var k = 0; k <= d; k++)
                    {
                        hessian[j, k] += curvature * rows[i][j] * rows[i][k];
                    }
                }
            }

            // The penalty leaves the intercept free.
            for (var j = 1; j <= d; j++)
            {
                gradient[j] += l2 * beta[j];
                hessian[j, j] += l2;
            }

            var step = Solve(hessian, gradient);
            var largest = 0.0;
            for (var j = 0; j <= d; j++)
            {
                beta[j] -= step[j];
                largest = Math.Max(largest, Math.Abs(step[j]));
            }

            if (largest < 1e-10)
            {
                break;
            }
        }

        var weights = new double[d];
        var intercept = beta[0];
        for (var j = 0; j < d; j++)
        {
            weights[j] = beta[j + 1] / scale[j];
            intercept -= weights[j] * mean[j];
        }

        return new LogisticFit(intercept, weights);
    }

    /// <summary>Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var size = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var column = 0; column < size; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < size; row++)
            {
                if (Math.Abs(m[row, column]) > Math.Abs(m[pivot, column]))
                {
                    pivot = row;
                }
            }

            if (pivot != column)
            {
                for (var k = 0; k < size; k++)
                {
                    (m[column, k], m[pivot, k]) = (m[pivot, k], m[column, k]);
                }

                (x[column], x[pivot]) = (x[pivot], x[column]);
            }

            for (var row = column + 1; row < size; row++)
            {
                var factor = m[row, column] / m[column, column];
                for (var k = column; k < size; k++)
                {
                    m[row, k] -= factor * m[column, k];
                }

                x[row] -= factor * x[column];
            }
        }

        for (var row = size - 1; row >= 0; row--)
        {
            for (var k = row + 1; k < size; k++)
            {
                x[row] -= m[row, k] * x[k];
            }

            x[row] /= m[row, row];
        }

        return x;
    }
}
