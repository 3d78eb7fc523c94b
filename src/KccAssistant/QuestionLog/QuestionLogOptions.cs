using KccAssistant.Configuration;
using Microsoft.Extensions.Options;

namespace KccAssistant.QuestionLog;

/// <summary>The <c>Kcc:QuestionLog</c> section: whether asks are logged, for how long, and where.</summary>
public sealed class QuestionLogOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:QuestionLog";

    /// <summary>Longest retention accepted: ten years is already longer than any municipal purpose needs.</summary>
    public const int MaxRetentionDays = 3650;

    /// <summary>Whether every ask is logged (default true). Off, nothing new is written; the worker still prunes old entries.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Days an entry is kept (default 90, 1 to 3650); the ingest worker removes older ones.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// Folder of <c>question-log.jsonl</c>; empty means the data directory (<c>Kcc:DataDir</c>). With the Qdrant store
    /// the log still stays a local file of the web app; the worker must see the same folder to prune it.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>The resolved folder: <see cref="Directory"/>, or <paramref name="dataDirectory"/> when none is set.</summary>
    public string ResolveDirectory(string dataDirectory) =>
        string.IsNullOrWhiteSpace(Directory) ? KccPaths.Resolve(dataDirectory) : KccPaths.Resolve(Directory);
}

/// <summary>Checks <c>Kcc:QuestionLog</c> at start; every message names the key.</summary>
public sealed class QuestionLogOptionsValidator : IValidateOptions<QuestionLogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, QuestionLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RetentionDays is < 1 or > QuestionLogOptions.MaxRetentionDays)
        {
            failures.Add($"{QuestionLogOptions.SectionName}:RetentionDays is {options.RetentionDays}; use 1 to {QuestionLogOptions.MaxRetentionDays} days (default 90).");
        }

        if (options.Directory is { Length: > 0 } directory && directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{QuestionLogOptions.SectionName}:Directory '{directory}' is not a valid folder path.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
