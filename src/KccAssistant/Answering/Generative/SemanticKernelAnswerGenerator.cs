using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace KccAssistant.Answering.Generative;

/// <summary>
/// Asks a chat model through Semantic Kernel's chat completion service (in the app: the OpenAI connector pointed at a
/// local OpenAI-compatible endpoint) with <see cref="AnswerPrompt"/>. No tools or functions are offered to the model.
/// </summary>
public sealed class SemanticKernelAnswerGenerator : IAnswerGenerator
{
    private readonly IChatCompletionService _chat;
    private readonly OpenAIPromptExecutionSettings _settings;
    private readonly ILogger _logger;

    /// <summary>Creates the generator over <paramref name="chat"/>.</summary>
    /// <param name="chat">The chat completion service to ask.</param>
    /// <param name="options">Model name, token limit and temperature.</param>
    /// <param name="logger">Logger; prompts and replies only at Trace.</param>
    public SemanticKernelAnswerGenerator(IChatCompletionService chat, GenerationOptions options, ILogger<SemanticKernelAnswerGenerator> logger)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(options);
        _chat = chat;
        _logger = logger;
        Model = options.Model;
        _settings = new OpenAIPromptExecutionSettings
        {
            ModelId = options.Model,
            MaxTokens = options.MaxTokens,
            Temperature = options.Temperature,
            // The connector sends the limit as "max_completion_tokens" (current OpenAI); Ollama and LM Studio read
            // only the older "max_tokens", so both go out. ExtraBody is marked experimental (SKEXP0010) like the
            // custom-endpoint constructor it belongs with.
#pragma warning disable SKEXP0010
            ExtraBody = new Dictionary<string, object?> { ["max_tokens"] = options.MaxTokens },
#pragma warning restore SKEXP0010
        };
    }

    /// <inheritdoc />
    public string Model { get; }

    /// <inheritdoc />
    public async Task<string> GenerateAsync(string question, IReadOnlyList<GenerationSource> sources, CancellationToken cancellationToken = default)
    {
        var history = Prompt(question, sources);
        var reply = await _chat.GetChatMessageContentAsync(history, _settings, kernel: null, cancellationToken);
        return reply.Content ?? "";
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamAsync(string question, IReadOnlyList<GenerationSource> sources, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = Prompt(question, sources);
        await foreach (var piece in _chat.GetStreamingChatMessageContentsAsync(history, _settings, kernel: null, cancellationToken))
        {
            if (!string.IsNullOrEmpty(piece.Content))
            {
                yield return piece.Content;
            }
        }
    }

    private ChatHistory Prompt(string question, IReadOnlyList<GenerationSource> sources)
    {
        var user = AnswerPrompt.UserMessage(question, sources);
        GenerationLog.Prompt(_logger, Model, sources.Count, user);
        var history = new ChatHistory(AnswerPrompt.System);
        history.AddUserMessage(user);
        return history;
    }
}
