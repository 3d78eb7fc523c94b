using System.Text.Json.Serialization;

namespace KccAssistant.Feedback;

/// <summary>The reasons an agent can give for an unhelpful answer, as they travel over the wire (DESIGN.md §4).</summary>
public static class FeedbackReasons
{
    /// <summary>The answer is wrong.</summary>
    public const string Incorrect = "onjuist";

    /// <summary>The answer misses something the resident needed.</summary>
    public const string Incomplete = "onvolledig";

    /// <summary>The answer was right once but is out of date.</summary>
    public const string Outdated = "verouderd";

    /// <summary>The answer cites the wrong source.</summary>
    public const string WrongSource = "verkeerde-bron";

    /// <summary>Anything else.</summary>
    public const string Other = "anders";

    /// <summary>Every reason, in the order the Ask page shows them.</summary>
    public static IReadOnlyList<string> All { get; } = [Incorrect, Incomplete, Outdated, WrongSource, Other];

    /// <summary>True when <paramref name="reason"/> is one of <see cref="All"/> (exact spelling).</summary>
    public static bool IsKnown(string? reason) => reason is not null && All.Contains(reason, StringComparer.Ordinal);
}

/// <summary>
/// One rating of one answer, as stored. It names the answer by its ask id and the rater only by role: no user name, no
/// question text (a question can carry a resident's personal data; the ask id links to nothing that holds it).
/// </summary>
/// <param name="AskId">The <c>askId</c> of the rated answer.</param>
/// <param name="Helpful">Thumbs up (true) or down (false).</param>
/// <param name="Reason">One of <see cref="FeedbackReasons.All"/>, only with <paramref name="Helpful"/> false; null when none was given.</param>
/// <param name="CorrectSource">The URL or source id that should have been cited, when the agent named one.</param>
/// <param name="At">When the rating was given.</param>
/// <param name="Role">The most privileged role of the rater (Admin, Editor, DataScientist or Agent), to tell testers from agents.</param>
/// <param name="Via">Where it came from: <c>page</c> (the Ask page) or <c>api</c>.</param>
public sealed record AnswerFeedback(
    [property: JsonPropertyName("askId")] string AskId,
    [property: JsonPropertyName("helpful")] bool Helpful,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("correctSource")] string? CorrectSource,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("via")] string Via)
{
    /// <summary>Longest accepted <see cref="CorrectSource"/>: a URL or a source id, not a text.</summary>
    public const int MaxCorrectSourceLength = 500;

    /// <summary>
    /// What is wrong with this rating, in Dutch for the agent or API client, or null when it can be stored. The ask id
    /// must be a GUID because the app issues nothing else, and anything else would be free text in the file.
    /// </summary>
    public string? Problem()
    {
        if (!Guid.TryParse(AskId, out _))
        {
            return "Het veld 'askId' is verplicht en moet de askId van een antwoord zijn.";
        }

        if (Reason is not null && !FeedbackReasons.IsKnown(Reason))
        {
            return $"Onbekende 'reason': gebruik {string.Join(", ", FeedbackReasons.All)}.";
        }

        if (Reason is not null && Helpful)
        {
            return "Een 'reason' hoort alleen bij een antwoord dat niet hielp ('helpful': false).";
        }

        if (CorrectSource is not null
            && (CorrectSource.Length is 0 or > MaxCorrectSourceLength || CorrectSource.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            return $"Het veld 'correctSource' moet een URL of bron-id zijn (zonder spaties, maximaal {MaxCorrectSourceLength} tekens).";
        }

        return null;
    }
}
