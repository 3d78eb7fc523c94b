namespace KccAssistant.Answering.Generative;

/// <summary>
/// The <c>Kcc:Generation</c> section: the optional generative mode, in which a language model behind an
/// OpenAI-compatible endpoint (Ollama, vLLM, LM Studio) writes the answer from the numbered sources. Off by default.
/// </summary>
public sealed class GenerationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Generation";

    /// <summary>Turns the generative mode on. When off, answers are extractive and nothing else here is read.</summary>
    public bool Enabled { get; set; }

    /// <summary>Base URL of the OpenAI-compatible API, including its version path (Ollama: <c>http://127.0.0.1:11434/v1</c>).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Model name as the endpoint knows it (Ollama: <c>llama3.1:8b</c>).</summary>
    public string Model { get; set; } = "";

    /// <summary>API key, if the endpoint wants one; local servers usually do not.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Longest the whole reply may take, first token to last. When it passes, the agent gets the extractive answer.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Most tokens the model may write.</summary>
    public int MaxTokens { get; set; } = 400;

    /// <summary>Sampling temperature; 0 keeps the model close to the sources and the answers repeatable.</summary>
    public double Temperature { get; set; }

    /// <summary>How many of the numbered sources (best first) are given to the model.</summary>
    public int MaxSources { get; set; } = 5;

    /// <summary>Most characters of passage text per source in the prompt; longer passages are cut at a sentence.</summary>
    public int MaxSourceChars { get; set; } = 1500;

    /// <summary>
    /// Share (0–1) of a generated sentence's content words that must occur in the sources it cites for the sentence
    /// to count as supported. Numbers and amounts must always occur verbatim.
    /// </summary>
    public double MinSupport { get; set; } = 0.6;
}
