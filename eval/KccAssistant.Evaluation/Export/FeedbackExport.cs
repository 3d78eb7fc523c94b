using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Feedback;
using KccAssistant.Privacy;
using KccAssistant.QuestionLog;

namespace KccAssistant.Eval.Export;

/// <summary>
/// One exported line: a labelled question in the set format of DESIGN.md §4 (<c>id</c>, <c>question</c>,
/// <c>relevant</c>, <c>answerable</c>), marked as coming from feedback; a thumbs-down without a correction is not
/// labelled yet and carries <c>needsReview</c> and what the agent was shown.
/// </summary>
public sealed record ExportedQuestion
{
    /// <summary><c>fb-</c> and the first hex digits of the ask id: the same ask always gets the same id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The question, redacted (again).</summary>
    [JsonPropertyName("question")]
    public required string Question { get; init; }

    /// <summary>The confirmed or corrected sources: URL without fragment, or the source id.</summary>
    [JsonPropertyName("relevant")]
    public IReadOnlyList<string> Relevant { get; init; } = [];

    /// <summary>False only for a confirmed "geen antwoord".</summary>
    [JsonPropertyName("answerable")]
    public bool Answerable { get; init; } = true;

    /// <summary>True when a data scientist must still label it (thumbs-down without a correction).</summary>
    [JsonPropertyName("needsReview")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NeedsReview { get; init; }

    /// <summary>Always <c>feedback</c>.</summary>
    [JsonPropertyName("source")]
    public string Source { get; init; } = "feedback";

    /// <summary>When the question was asked.</summary>
    [JsonPropertyName("askedAt")]
    public DateTimeOffset AskedAt { get; init; }

    /// <summary>The agent's reason for a thumbs-down, for review.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>The answer the agent was shown (redacted), for review.</summary>
    [JsonPropertyName("shownAnswer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ShownAnswer { get; init; }

    /// <summary>The sources the agent was shown, for review.</summary>
    [JsonPropertyName("shown")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ShownSource>? Shown { get; init; }
}

/// <summary>A source shown with an answer under review.</summary>
/// <param name="Number">Its citation number.</param>
/// <param name="Title">Its title.</param>
/// <param name="Relevant">How a set would name it: URL without fragment, or the source id.</param>
public sealed record ShownSource(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("relevant")] string Relevant);

/// <summary>What <see cref="FeedbackExport.Build"/> made of the feedback.</summary>
/// <param name="Questions">The lines to write, oldest ask first.</param>
/// <param name="Ratings">Latest ratings considered (after <c>--since</c>).</param>
/// <param name="WithoutLogEntry">Ratings whose ask is not (or no longer) in the question log.</param>
/// <param name="Merged">Ratings folded into another line with the same question.</param>
public sealed record FeedbackExportResult(IReadOnlyList<ExportedQuestion> Questions, int Ratings, int WithoutLogEntry, int Merged);

/// <summary>
/// Turns agents' ratings into labelled questions: the latest rating per ask id, joined with the question log. A
/// thumbs-up labels the sources cited in the answer (the [n] markers), a correction labels the named source, a
/// thumbs-down without one is left for review. Questions that read the same are one line: a correction beats a
/// thumbs-up beats a review, and equal kinds merge their sources.
/// </summary>
public static partial class FeedbackExport
{
    private enum Kind
    {
        Review = 0,
        Confirmed = 1,
        Corrected = 2,
    }

    /// <summary>Builds the export from every rating and log entry; <paramref name="since"/> filters on when the question was asked.</summary>
    public static FeedbackExportResult Build(
        IEnumerable<AnswerFeedback> feedback, IEnumerable<QuestionLogEntry> log, PersonalDataRedactor redactor, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(redactor);

        // Later lines supersede earlier ones for the same ask (the store's contract); order by time, then file order.
        var latest = feedback
            .Select((rating, index) => (rating, index))
            .GroupBy(r => NormalizeAskId(r.rating.AskId), StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.rating.At).ThenBy(r => r.index).Last().rating)
            .ToList();
        var asks = new Dictionary<string, QuestionLogEntry>(StringComparer.Ordinal);
        foreach (var entry in log)
        {
            asks[NormalizeAskId(entry.AskId)] = entry;
        }

        var candidates = new List<(Kind Kind, ExportedQuestion Line)>();
        var considered = 0;
        var withoutEntry = 0;
        foreach (var rating in latest)
        {
            if (!asks.TryGetValue(NormalizeAskId(rating.AskId), out var entry))
            {
                withoutEntry++;
                continue;
            }

            if (since is { } from && entry.At < from)
            {
                continue;
            }

            considered++;
            candidates.Add(Label(rating, entry, redactor));
        }

        var merged = 0;
        var lines = new List<ExportedQuestion>();
        foreach (var group in candidates.GroupBy(c => NormalizeQuestion(c.Line.Question), StringComparer.Ordinal))
        {
            var best = group.Max(c => c.Kind);
            var winners = group.Where(c => c.Kind == best).OrderBy(c => c.Line.AskedAt).ThenBy(c => c.Line.Id, StringComparer.Ordinal).ToList();
            merged += group.Count() - 1;
            var first = winners[0].Line;
            var relevant = MergeRelevant(winners.SelectMany(w => w.Line.Relevant));
            lines.Add(first with
            {
                Relevant = relevant,
                // A confirmed "geen antwoord" stays unanswerable only when no other rating of the question found a source.
                Answerable = best == Kind.Review || relevant.Count > 0,
            });
        }

        return new FeedbackExportResult(UniqueIds([.. lines.OrderBy(l => l.AskedAt).ThenBy(l => l.Id, StringComparer.Ordinal)]), considered, withoutEntry, merged);
    }

    /// <summary>The question as dedup compares it: lower case, one space, no closing punctuation.</summary>
    public static string NormalizeQuestion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = Spaces().Replace(question.Normalize(NormalizationForm.FormKC).ToLowerInvariant(), " ").Trim();
        return text.TrimEnd('?', '.', '!', ' ');
    }

    /// <summary>How a set names a source: an http(s) URL without its fragment, otherwise the document id.</summary>
    public static string RelevantName(string url, string documentId)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return WithoutFragment(url);
        }

        return string.IsNullOrWhiteSpace(documentId) ? url : documentId;
    }

    private static (Kind, ExportedQuestion) Label(AnswerFeedback rating, QuestionLogEntry entry, PersonalDataRedactor redactor)
    {
        var line = new ExportedQuestion
        {
            Id = "fb-" + NormalizeAskId(entry.AskId)[..Math.Min(8, NormalizeAskId(entry.AskId).Length)],
            // The log holds redacted questions already; redact again in case the log predates a better detector.
            Question = redactor.Redact(entry.Question),
            AskedAt = entry.At,
        };

        if (!string.IsNullOrWhiteSpace(rating.CorrectSource))
        {
            return (Kind.Corrected, line with { Relevant = [CorrectedName(rating.CorrectSource.Trim(), entry)], Answerable = true });
        }

        if (rating.Helpful)
        {
            if (!entry.Answered)
            {
                // The agent agreed that nothing covers it: a labelled unanswerable question.
                return (Kind.Confirmed, line with { Relevant = [], Answerable = false });
            }

            var cited = CitedNumbers(entry.Answer)
                .Select(n => entry.Sources.FirstOrDefault(s => s.Number == n))
                .OfType<LoggedSource>()
                .Select(s => RelevantName(s.Url, s.DocumentId))
                .ToList();
            if (cited.Count > 0)
            {
                return (Kind.Confirmed, line with { Relevant = MergeRelevant(cited), Answerable = true });
            }
        }

        return (Kind.Review, line with
        {
            NeedsReview = true,
            Reason = rating.Reason,
            ShownAnswer = entry.Answered ? redactor.Redact(entry.Answer) : "",
            Shown = [.. entry.Sources.Select(s => new ShownSource(s.Number, s.Title, RelevantName(s.Url, s.DocumentId)))],
        });
    }

    /// <summary>A corrected source as the agent named it: a URL without fragment, or an id; a shown source's non-public URL becomes its id.</summary>
    private static string CorrectedName(string correctSource, QuestionLogEntry entry)
    {
        if (Uri.TryCreate(correctSource, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return WithoutFragment(correctSource);
        }

        var shown = entry.Sources.FirstOrDefault(s => string.Equals(WithoutFragment(s.Url), WithoutFragment(correctSource), StringComparison.Ordinal));
        return shown is not null && !string.IsNullOrWhiteSpace(shown.DocumentId) ? shown.DocumentId : correctSource;
    }

    private static IEnumerable<int> CitedNumbers(string answer) =>
        Citations().Matches(answer).SelectMany(m => m.Groups["n"].Value.Split(',', StringSplitOptions.TrimEntries))
            .Select(n => int.TryParse(n, out var number) ? number : 0)
            .Where(n => n > 0)
            .Distinct();

    private static List<string> MergeRelevant(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. names.Where(n => seen.Add(LabelledSet.Normalize(n)))];
    }

    private static string WithoutFragment(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? url[..hash] : url;
    }

    private static string NormalizeAskId(string askId) => askId.Trim().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Eight hex digits are unique in practice; should two asks share them, the later line gets more digits.</summary>
    private static List<ExportedQuestion> UniqueIds(List<ExportedQuestion> lines)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var id = lines[i].Id;
            for (var extra = 1; !used.Add(id); extra++)
            {
                id = $"{lines[i].Id}-{extra}";
            }

            lines[i] = lines[i] with { Id = id };
        }

        return lines;
    }

    // "[1]", "[2, 3]", "[1,2]" in the answer text.
    [GeneratedRegex(@"\[(?<n>\d{1,3}(?:\s*,\s*\d{1,3})*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Citations();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
