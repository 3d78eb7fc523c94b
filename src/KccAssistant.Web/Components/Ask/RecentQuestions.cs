namespace KccAssistant.Web.Components.Ask;

/// <summary>
/// The last questions of one agent in one circuit (scoped), newest first, so a question asked again during the same
/// call is one click. Kept in memory only: questions can carry a resident's details and are never stored.
/// </summary>
public sealed class RecentQuestions
{
    /// <summary>How many questions are kept.</summary>
    public const int Capacity = 10;

    private readonly List<string> _questions = [];

    /// <summary>Newest first.</summary>
    public IReadOnlyList<string> Items => _questions;

    /// <summary>Puts <paramref name="question"/> on top; asked again, it moves up instead of appearing twice.</summary>
    public void Add(string question)
    {
        var trimmed = question?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return;
        }

        _questions.RemoveAll(q => string.Equals(q, trimmed, StringComparison.OrdinalIgnoreCase));
        _questions.Insert(0, trimmed);
        if (_questions.Count > Capacity)
        {
            _questions.RemoveRange(Capacity, _questions.Count - Capacity);
        }
    }
}
