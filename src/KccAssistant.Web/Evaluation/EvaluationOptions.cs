using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Evaluation;

/// <summary>The <c>Kcc:Evaluation</c> section: where the Evaluation page finds the project's sets and how much it accepts.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Evaluation";

    /// <summary>
    /// The project's labelled sets (<c>*.jsonl</c>); relative paths resolve against the content root, which is the
    /// repository when run from source and the app's folder when published (the sets are published there too).
    /// </summary>
    public string SetsDirectory { get; set; } = "eval/sets";

    /// <summary>Largest set file accepted by upload, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Most non-empty lines (questions) accepted in an uploaded set.</summary>
    public int MaxUploadLines { get; set; } = 5000;

    /// <summary>Runs that may wait behind the one running; a start beyond that is refused with a message.</summary>
    public int QueueCapacity { get; set; } = 3;
}

/// <summary>Checks <see cref="EvaluationOptions"/> at start; every message names the key.</summary>
public sealed class EvaluationOptionsValidator : IValidateOptions<EvaluationOptions>
{
    private const string Section = EvaluationOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SetsDirectory))
        {
            failures.Add($"{Section}:SetsDirectory is empty: name the folder with the project's labelled sets (default eval/sets).");
        }

        if (options.MaxUploadBytes is < 1024 or > 100L * 1024 * 1024)
        {
            failures.Add($"{Section}:MaxUploadBytes must be between 1024 and 104857600 (100 MB), not {options.MaxUploadBytes}.");
        }

        if (options.MaxUploadLines is < 1 or > 100_000)
        {
            failures.Add($"{Section}:MaxUploadLines must be between 1 and 100000, not {options.MaxUploadLines}.");
        }

        if (options.QueueCapacity is < 1 or > 100)
        {
            failures.Add($"{Section}:QueueCapacity must be between 1 and 100, not {options.QueueCapacity}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
