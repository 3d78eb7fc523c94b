using System.ComponentModel.DataAnnotations;

namespace KccAssistant.Answering.Answerability;

/// <summary>
/// The <c>Kcc:Answerability</c> section: the model that decides "geen antwoord gevonden" in hybrid mode. The defaults
/// are fitted on the sample municipality's labelled set; a calibration file written by <c>eval calibrate</c> in the
/// data directory replaces them for that corpus.
/// </summary>
public sealed class AnswerabilityOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Answerability";

    /// <summary>The logistic model's intercept.</summary>
    public double Intercept { get; set; } = DefaultModel.Intercept;

    /// <summary>Weight per feature (see <see cref="AnswerabilityFeatures.Names"/>).</summary>
    public Dictionary<string, double> Weights { get; set; } = new(DefaultModel.Weights, StringComparer.Ordinal);

    /// <summary>From this probability on, a question counts as answered.</summary>
    public double Threshold { get; set; } = DefaultModel.Threshold;

    /// <summary>The embedding model the weights were fitted with; the model is not used with another one.</summary>
    public string? EmbeddingModel { get; set; } = DefaultModel.EmbeddingModel;

    /// <summary>File name, in the data directory, of the calibration written by <c>eval calibrate</c>; empty to ignore it.</summary>
    public string CalibrationFile { get; set; } = "answerability.json";

    /// <summary>
    /// Models fitted for other embedding models, each naming its <see cref="AnswerabilityAlternative.EmbeddingModel"/>
    /// (for example the bundled model reading the FreeDict gloss). One of them judges when the model above, or the
    /// calibration file, was fitted for another embedding model than the one in use.
    /// </summary>
    public List<AnswerabilityAlternative> Alternatives { get; set; } = [];

    /// <summary>The configured model.</summary>
    public AnswerabilityModel ToModel() => new(Intercept, Weights, Threshold, string.IsNullOrWhiteSpace(EmbeddingModel) ? null : EmbeddingModel);

    /// <summary>
    /// Fitted with <c>eval calibrate --set eval/sets/lindenhaven.jsonl</c> on the sample index (188 questions, 28
    /// unanswerable); 10-fold cross-validated: noAnswerAccuracy 0.93 at falseNoAnswerRate 0.09.
    /// </summary>
    public static AnswerabilityModel DefaultModel { get; } = new(
        -16.913567,
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["TopCoverage"] = 2.610995,
            ["BestCoverage"] = 4.885251,
            ["TopTitleCoverage"] = 3.217653,
            ["TopSentenceCoverage"] = 3.663052,
            ["TopDense"] = 2.349362,
            ["BestDense"] = 6.919815,
            ["LogQueryWords"] = 3.844231,
        },
        0.441626,
        "all-MiniLM-L6-v2-int8");

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ToModel().Problem() is { } problem)
        {
            yield return new ValidationResult($"Kcc:Answerability: {problem}.", [nameof(Weights)]);
        }

        for (var i = 0; i < Alternatives.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Alternatives[i].EmbeddingModel))
            {
                yield return new ValidationResult($"Kcc:Answerability:Alternatives:{i}:EmbeddingModel is required.", [nameof(Alternatives)]);
            }
            else if (Alternatives[i].ToModel().Problem() is { } alternativeProblem)
            {
                yield return new ValidationResult($"Kcc:Answerability:Alternatives:{i}: {alternativeProblem}.", [nameof(Alternatives)]);
            }
        }
    }
}

/// <summary>An answerability model for one embedding model (<c>Kcc:Answerability:Alternatives</c>).</summary>
public sealed class AnswerabilityAlternative
{
    /// <summary>The logistic model's intercept.</summary>
    public double Intercept { get; set; }

    /// <summary>Weight per feature (see <see cref="AnswerabilityFeatures.Names"/>).</summary>
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>From this probability on, a question counts as answered.</summary>
    public double Threshold { get; set; }

    /// <summary>The embedding model the weights were fitted with (required).</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>The model.</summary>
    public AnswerabilityModel ToModel() => new(Intercept, Weights, Threshold, string.IsNullOrWhiteSpace(EmbeddingModel) ? null : EmbeddingModel);
}
