using KccAssistant.ContentGaps;

namespace KccAssistant.Web.ContentGaps;

/// <summary>The Dutch words the page and the CSV use for a group's state, so both say the same.</summary>
public static class ContentGapTexts
{
    /// <summary>How an editor names <paramref name="state"/>.</summary>
    public static string State(ContentGapState state) => state switch
    {
        ContentGapState.Done => "gereed",
        ContentGapState.Reopened => "opnieuw gevraagd",
        _ => "open",
    };
}
