namespace KccAssistant.Answering.Answerability;

/// <summary>
/// A logistic model over <see cref="AnswerabilityFeatures"/>: the probability that the sources answer the question.
/// Below <see cref="Threshold"/> the assistant says "geen antwoord gevonden". Fitted per corpus by
/// <c>eval calibrate</c> on a labelled set, because what coverage means depends on how a corpus is written.
/// </summary>
/// <param name="Intercept">The model's intercept.</param>
/// <param name="Weights">Weight per feature name (<see cref="AnswerabilityFeatures.Names"/>); a missing name weighs 0.</param>
/// <param name="Threshold">The probability from which a question counts as answered (0–1).</param>
/// <param name="EmbeddingModel">
/// The embedding model whose similarities the weights were fitted on: another model's similarities have another
/// scale, so the model does not apply to it. Null when it was fitted without regard to the model.
/// </param>
public sealed record AnswerabilityModel(double Intercept, IReadOnlyDictionary<string, double> Weights, double Threshold, string? EmbeddingModel = null)
{
    /// <summary>Whether the model was fitted on similarities of <paramref name="embeddingModel"/>.</summary>
    public bool AppliesTo(string? embeddingModel) =>
        EmbeddingModel is null || embeddingModel is null || string.Equals(EmbeddingModel, embeddingModel, StringComparison.Ordinal);

    /// <summary>The probability (0–1) that the sources answer a question with these features.</summary>
    public double Probability(AnswerabilityFeatures features)
    {
        var values = features.ToArray();
        var z = Intercept;
        for (var i = 0; i < values.Length; i++)
        {
            z += Weights.GetValueOrDefault(AnswerabilityFeatures.Names[i]) * values[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Why the model cannot be used, or null when it can.</summary>
    public string? Problem()
    {
        if (!double.IsFinite(Intercept))
        {
            return "intercept is geen eindig getal";
        }

        if (!double.IsFinite(Threshold) || Threshold <= 0 || Threshold >= 1)
        {
            return $"drempel {Threshold} ligt niet tussen 0 en 1";
        }

        foreach (var (name, weight) in Weights)
        {
            if (!AnswerabilityFeatures.Names.Contains(name, StringComparer.Ordinal))
            {
                return $"onbekend kenmerk '{name}' (bekend: {string.Join(", ", AnswerabilityFeatures.Names)})";
            }

            if (!double.IsFinite(weight))
            {
                return $"gewicht van '{name}' is geen eindig getal";
            }
        }

        return null;
    }
}
