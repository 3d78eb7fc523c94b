namespace KccAssistant.Answering.Generative;

/// <summary>A numbered source as the language model sees it: citation [<paramref name="Number"/>] and its passage text.</summary>
/// <param name="Number">The [n] of the matching citation in the response.</param>
/// <param name="Title">Document title.</param>
/// <param name="Text">The passages of the document the answer may draw on; quoted data, never instructions.</param>
public sealed record GenerationSource(int Number, string Title, string Text);

/// <summary>
/// Writes an answer to a question from numbered sources, citing them as [n]. Implementations only talk to a model;
/// checking the reply against the sources is the caller's job (<see cref="AnswerValidator"/>), because a model can
/// ignore any instruction it is given.
/// </summary>
public interface IAnswerGenerator
{
    /// <summary>Name of the model behind the generator, for reports and logs.</summary>
    string Model { get; }

    /// <summary>The whole reply at once.</summary>
    Task<string> GenerateAsync(string question, IReadOnlyList<GenerationSource> sources, CancellationToken cancellationToken = default);

    /// <summary>The reply piece by piece as the model writes it.</summary>
    IAsyncEnumerable<string> StreamAsync(string question, IReadOnlyList<GenerationSource> sources, CancellationToken cancellationToken = default);
}
