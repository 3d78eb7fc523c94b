namespace KccAssistant.Feedback;

/// <summary>Keeps agents' ratings of answers, for data scientists to turn into labelled questions.</summary>
public interface IFeedbackStore
{
    /// <summary>Stores <paramref name="feedback"/>; a later rating of the same ask id supersedes an earlier one.</summary>
    /// <exception cref="ArgumentException">When <see cref="AnswerFeedback.Problem"/> finds something wrong.</exception>
    Task AppendAsync(AnswerFeedback feedback, CancellationToken cancellationToken = default);

    /// <summary>Every stored rating, oldest first, superseded ones included.</summary>
    IAsyncEnumerable<AnswerFeedback> ReadAllAsync(CancellationToken cancellationToken = default);
}
