namespace KccAssistant.Answering.Answerability;

/// <summary>The trade-off of a "geen antwoord" decision on a labelled set.</summary>
/// <param name="NoAnswerAccuracy">Share of unanswerable questions that got "geen antwoord".</param>
/// <param name="FalseNoAnswerRate">Share of answerable questions that wrongly got "geen antwoord".</param>
public sealed record TradeOff(double NoAnswerAccuracy, double FalseNoAnswerRate);

/// <summary>How a calibration was made, so that whoever reads the file knows what it is worth.</summary>
/// <param name="Set">The labelled set it was fitted on.</param>
/// <param name="Questions">Questions in the set.</param>
/// <param name="Unanswerable">Unanswerable questions in the set.</param>
/// <param name="Generation">The index generation it was fitted against.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="TargetFalseNoAnswerRate">The false-no-answer rate the threshold was chosen for.</param>
/// <param name="CrossValidated">The trade-off on held-out questions (k-fold: model and threshold fitted without them).</param>
/// <param name="InSample">The trade-off on the set itself with the final model.</param>
public sealed record CalibrationInfo(
    string Set,
    int Questions,
    int Unanswerable,
    long Generation,
    DateTimeOffset CreatedAt,
    double TargetFalseNoAnswerRate,
    TradeOff CrossValidated,
    TradeOff InSample);

/// <summary>The calibration file in the data directory: a fitted <see cref="AnswerabilityModel"/> and how it was made.</summary>
/// <param name="Intercept">The model's intercept.</param>
/// <param name="Weights">Weight per feature name.</param>
/// <param name="Threshold">The probability from which a question counts as answered.</param>
/// <param name="EmbeddingModel">The embedding model of the index it was fitted against.</param>
/// <param name="Calibration">How it was fitted.</param>
public sealed record AnswerabilityCalibration(double Intercept, Dictionary<string, double> Weights, double Threshold, string? EmbeddingModel, CalibrationInfo? Calibration)
{
    /// <summary>The model.</summary>
    public AnswerabilityModel ToModel() => new(Intercept, Weights, Threshold, EmbeddingModel);

    /// <summary>
    /// Why the file cannot be used, or null when it can. Stricter than the configured model: <c>eval calibrate</c>
    /// writes a weight for every feature, so a missing one means the file was cut off or edited by hand (except the
    /// features added after the file's version, <see cref="AnswerabilityFeatures.AddedLater"/>).
    /// </summary>
    public string? Problem()
    {
        // Deserialisation leaves what the file lacks at null, whatever the declared types say.
        if (Weights is null)
        {
            return "'weights' ontbreekt";
        }

        if (AnswerabilityFeatures.Names.FirstOrDefault(name => !Weights.ContainsKey(name) && !AnswerabilityFeatures.AddedLater.Contains(name)) is { } missing)
        {
            return $"gewicht van kenmerk '{missing}' ontbreekt";
        }

        return ToModel().Problem();
    }
}
