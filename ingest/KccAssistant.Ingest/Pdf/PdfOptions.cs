using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Pdf;

/// <summary>The <c>Kcc:Pdf</c> section: which PDFs linked from a website are read, and how large they may be.</summary>
public sealed class PdfOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Pdf";

    /// <summary>Whether PDFs are read at all; when false they are reported as skipped, as before.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest PDF read; larger ones are aborted while streaming and reported as skipped.</summary>
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most pages read; a longer PDF (a whole bestemmingsplan, a jaarverslag) is reported as skipped.</summary>
    public int MaxPages { get; set; } = 200;
}

/// <summary>Validates <see cref="PdfOptions"/> at start, naming the configuration key in each message.</summary>
public sealed class PdfOptionsValidator : IValidateOptions<PdfOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PdfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = PdfOptions.SectionName;
        if (options.MaxBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            errors.Add($"{s}:MaxBytes must be between 1024 and 1073741824 (was {options.MaxBytes}).");
        }

        if (options.MaxPages is < 1 or > 10_000)
        {
            errors.Add($"{s}:MaxPages must be between 1 and 10000 (was {options.MaxPages}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when the options are invalid.</summary>
    public static void ThrowIfInvalid(PdfOptions options)
    {
        var result = new PdfOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PdfOptions), result.Failures);
        }
    }
}
