using System.Text.Json.Serialization;

namespace KccAssistant.QuestionLog;

/// <summary>
/// One ask as the question log keeps it (<c>question-log.jsonl</c> in the data directory). The question and the
/// answer are stored only after redaction (<c>PersonalDataRedactor</c>): a resident's BSN, IBAN, e-mail address, phone
/// number or postcode with house number never reaches the file. The user is a pseudonym, never a name.
/// </summary>
/// <param name="AskId">The <c>askId</c> of the answer, the key feedback refers to.</param>
/// <param name="At">When the question was asked.</param>
/// <param name="User">A per-user pseudonym (<c>u-</c> and 12 hex digits, a keyed hash of the user's id); the same user gets the same pseudonym.</param>
/// <param name="Role">The most privileged role of the asker (Admin, Editor, DataScientist or Agent).</param>
/// <param name="Mode">Retrieval mode: hybrid, lexical or dense.</param>
/// <param name="Question">The question, redacted.</param>
/// <param name="Answered">False when the answer was "geen antwoord gevonden".</param>
/// <param name="Answer">The answer text as shown, redacted; empty for "geen antwoord".</param>
/// <param name="Confidence">The calibrated confidence (0–1).</param>
/// <param name="Band">The confidence band shown: hoog, middel or laag.</param>
/// <param name="Sources">The sources shown with the answer, in their numbered order (also for "geen antwoord": the closest ones found).</param>
/// <param name="Milliseconds">Time to answer, as measured by the ask service.</param>
/// <param name="Via">Where it came from: <c>page</c> (the Ask page) or <c>api</c>.</param>
public sealed record QuestionLogEntry(
    [property: JsonPropertyName("askId")] string AskId,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("answered")] bool Answered,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("band")] string Band,
    [property: JsonPropertyName("sources")] IReadOnlyList<LoggedSource> Sources,
    [property: JsonPropertyName("ms")] double Milliseconds,
    [property: JsonPropertyName("via")] string Via);

/// <summary>A source shown with a logged answer.</summary>
/// <param name="Number">Its citation number.</param>
/// <param name="Title">Its title.</param>
/// <param name="Url">Its URL (a knowledge-base item's address is kept: the log is internal, never shown to residents).</param>
/// <param name="DocumentId">Its document (source) id, as labelled sets may name it.</param>
/// <param name="Score">Its retrieval score.</param>
public sealed record LoggedSource(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("documentId")] string DocumentId,
    [property: JsonPropertyName("score")] double Score);
