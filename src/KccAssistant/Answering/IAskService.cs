using KccAssistant.Retrieval;

namespace KccAssistant.Answering;

/// <summary>
/// Answers agents' questions. The extractive <see cref="AskService"/> is the default implementation; the generative
/// mode decorates it. Front ends depend on this interface so that switching modes is configuration only.
/// </summary>
public interface IAskService
{
    /// <summary>Answers <paramref name="question"/> with the given retrieval mode: the final, validated answer.</summary>
    Task<AskResponse> AskAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers <paramref name="question"/> step by step for a live display: optionally the sources first
    /// (<see cref="AskUpdateKind.Sources"/>), then the answer text as it is written (<see cref="AskUpdateKind.Delta"/>),
    /// and always, last, the final validated answer (<see cref="AskUpdateKind.Final"/>), which replaces the streamed text.
    /// </summary>
    IAsyncEnumerable<AskUpdate> AskStreamingAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, CancellationToken cancellationToken = default);
}

/// <summary>What a step of <see cref="IAskService.AskStreamingAsync"/> carries.</summary>
public enum AskUpdateKind
{
    /// <summary>The sources are known and an answer is being written; <see cref="AskUpdate.Response"/> holds the extractive answer and its citations.</summary>
    Sources,

    /// <summary>A piece of answer text as the model writes it; not yet validated.</summary>
    Delta,

    /// <summary>The final answer; <see cref="AskUpdate.Response"/> replaces everything streamed before.</summary>
    Final,
}

/// <summary>One step of a streamed answer.</summary>
/// <param name="Kind">What this step carries.</param>
/// <param name="Text">The text piece of a <see cref="AskUpdateKind.Delta"/>.</param>
/// <param name="Response">The response of a <see cref="AskUpdateKind.Sources"/> or <see cref="AskUpdateKind.Final"/> step.</param>
public sealed record AskUpdate(AskUpdateKind Kind, string? Text = null, AskResponse? Response = null);
