namespace KccAssistant.ContentGaps;

/// <summary>Where a group stands for the editors.</summary>
public enum ContentGapState
{
    /// <summary>Nobody marked it done yet (or the last mark was undone).</summary>
    Open,

    /// <summary>Marked done and not asked since.</summary>
    Done,

    /// <summary>Marked done, but asked again after the mark: the fix did not cover it, so it is shown again.</summary>
    Reopened,
}

/// <summary>One ISO week of the per-week counts.</summary>
/// <param name="Year">ISO week-numbering year.</param>
/// <param name="Week">ISO week number (1–53).</param>
/// <param name="Monday">First day of the week, in the clock's local time zone.</param>
public sealed record IsoWeek(int Year, int Week, DateOnly Monday)
{
    /// <summary>The ISO 8601 name, for example <c>2026-W49</c>.</summary>
    public string Label => $"{Year:D4}-W{Week:D2}";
}

/// <summary>A source shown with a group's answers, and how many of the group's questions showed it.</summary>
/// <param name="DocumentId">The document id: the stored copy is <c>/bron/{DocumentId}</c>.</param>
/// <param name="Title">The title as shown.</param>
/// <param name="Url">The address as logged (for a knowledge-base item an internal address, not for residents).</param>
/// <param name="Questions">Number of the group's questions that showed it.</param>
public sealed record GapSource(string DocumentId, string Title, string Url, int Questions);

/// <summary>One group of similar questions that found no answer or got a thumbs-down.</summary>
/// <param name="Key">Stable key: the same while the group's first question is in the log, so a done mark survives new questions.</param>
/// <param name="Example">The most central question of the group (redacted, as logged).</param>
/// <param name="Questions">Number of questions in the group.</param>
/// <param name="NoAnswer">Of those, how many got "geen antwoord gevonden".</param>
/// <param name="ThumbsDown">Of those, how many got an answer whose latest rating was a thumbs-down.</param>
/// <param name="PerWeek">Counts per ISO week, oldest first, aligned with <see cref="ContentGapReport.Weeks"/>.</param>
/// <param name="Sources">The sources most often shown with these questions, most frequent first.</param>
/// <param name="FirstSeen">When the first of these questions was asked.</param>
/// <param name="LastSeen">When the last of these questions was asked.</param>
/// <param name="State">Open, done, or asked again after being marked done.</param>
/// <param name="MarkedAt">When the latest done mark was set, if the group is done or reopened.</param>
/// <param name="SinceMarked">Questions asked after the done mark (0 unless reopened).</param>
/// <param name="AllQuestions">Every question of the group, most recent first.</param>
public sealed record ContentGap(
    string Key,
    string Example,
    int Questions,
    int NoAnswer,
    int ThumbsDown,
    IReadOnlyList<int> PerWeek,
    IReadOnlyList<GapSource> Sources,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    ContentGapState State,
    DateTimeOffset? MarkedAt,
    int SinceMarked,
    IReadOnlyList<string> AllQuestions)
{
    /// <summary>Share (0–1) of the group's questions that got a thumbs-down rather than no answer.</summary>
    public double ThumbsDownShare => Questions == 0 ? 0 : (double)ThumbsDown / Questions;
}

/// <summary>The content gaps at one moment.</summary>
/// <param name="At">When the report was made.</param>
/// <param name="Weeks">The ISO weeks of <see cref="ContentGap.PerWeek"/>, oldest first, ending with the current week.</param>
/// <param name="Groups">Every group, most questions first.</param>
public sealed record ContentGapReport(DateTimeOffset At, IReadOnlyList<IsoWeek> Weeks, IReadOnlyList<ContentGap> Groups);
