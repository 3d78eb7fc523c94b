namespace KccAssistant.Answering;

/// <summary>A confidence band and what it means for the agent.</summary>
/// <param name="Band">"hoog", "middel" or "laag".</param>
/// <param name="Meaning">One Dutch sentence telling the agent what to do with the answer.</param>
public readonly record struct ConfidenceBand(string Band, string Meaning);

/// <summary>
/// Turns the answerability probability into a band an agent can act on. The bands are relative to the threshold
/// the verdict used (the calibrated model's threshold t, or a single mode's own threshold), because the probability
/// is calibrated around t and not around 50 %: with margin m = (p − t) / (1 − t),
/// hoog for m ≥ <see cref="HighMargin"/>, middel for m ≥ <see cref="MediumMargin"/>, laag below that or without an answer.
/// </summary>
public static class ConfidenceBands
{
    /// <summary>The sources answer the question directly.</summary>
    public const string High = "hoog";

    /// <summary>The sources are about the question but may not cover all of it.</summary>
    public const string Medium = "middel";

    /// <summary>Barely above the "geen antwoord" line, or no answer.</summary>
    public const string Low = "laag";

    /// <summary>Share of the way from the threshold to 1 from which the band is "hoog".</summary>
    public const double HighMargin = 0.5;

    /// <summary>Share of the way from the threshold to 1 from which the band is "middel".</summary>
    public const double MediumMargin = 0.2;

    /// <summary>The meaning shown with "hoog".</summary>
    public const string HighMeaning = "De bronnen beantwoorden deze vraag direct: u kunt het antwoord geven en naar de bron verwijzen.";

    /// <summary>The meaning shown with "middel".</summary>
    public const string MediumMeaning = "De bronnen gaan over deze vraag, maar dekken haar misschien niet helemaal: lees de bron na voordat u antwoordt.";

    /// <summary>The meaning shown with "laag" for an answer.</summary>
    public const string LowMeaning = "De bronnen dekken deze vraag maar net: controleer in de bron of het antwoord echt past, of zoek verder.";

    /// <summary>The meaning shown with "laag" when there is no answer.</summary>
    public const string NoAnswerMeaning = "De bronnen beantwoorden deze vraag niet: zoek zelf in de kennisbank of verwijs door.";

    /// <summary>The band of a verdict with <paramref name="confidence"/> against <paramref name="threshold"/>.</summary>
    public static ConfidenceBand Of(bool answered, double confidence, double threshold)
    {
        if (!answered)
        {
            return new ConfidenceBand(Low, NoAnswerMeaning);
        }

        var margin = threshold >= 1 ? 0 : (confidence - threshold) / (1 - threshold);
        return margin >= HighMargin ? new ConfidenceBand(High, HighMeaning)
            : margin >= MediumMargin ? new ConfidenceBand(Medium, MediumMeaning)
            : new ConfidenceBand(Low, LowMeaning);
    }
}
