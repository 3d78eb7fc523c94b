namespace KccAssistant.Answering.Generative;

/// <summary>
/// Why a generated answer was not used and the extractive answer was returned instead: the stable codes of
/// <see cref="AskResponse.FallbackReason"/>, and what to tell an agent.
/// </summary>
public static class GenerationFallback
{
    /// <summary>The model did not finish within <c>Kcc:Generation:Timeout</c>.</summary>
    public const string Timeout = "timeout";

    /// <summary>The endpoint could not be reached or answered with an error.</summary>
    public const string Error = "error";

    /// <summary>The model replied with nothing.</summary>
    public const string Empty = "empty";

    /// <summary>No sentence of the reply cited an existing source.</summary>
    public const string NoValidCitation = "no-valid-citation";

    /// <summary>The reply's sentences were not (or mostly not) supported by the sources they cite.</summary>
    public const string Unsupported = "unsupported";

    /// <summary>The model said the sources do not answer the question, while retrieval found covering sources.</summary>
    public const string ModelNoAnswer = "model-no-answer";

    /// <summary>A Dutch sentence for the agent explaining <paramref name="reason"/>.</summary>
    public static string Describe(string? reason) => reason switch
    {
        Timeout => "Het taalmodel antwoordde niet op tijd.",
        Error => "Het taalmodel is niet bereikbaar of gaf een foutmelding.",
        Empty => "Het taalmodel gaf een leeg antwoord.",
        NoValidCitation => "Het antwoord van het taalmodel verwees niet naar de bronnen.",
        Unsupported => "Het antwoord van het taalmodel werd niet door de bronnen gesteund.",
        ModelNoAnswer => "Het taalmodel vond het antwoord niet in de bronnen.",
        null => "",
        _ => "Het antwoord van het taalmodel is niet gebruikt.",
    };
}
