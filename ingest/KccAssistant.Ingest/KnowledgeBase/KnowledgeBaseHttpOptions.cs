using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>The <c>Kcc:KnowledgeBaseHttp</c> section: how knowledge-base URLs (Objecten API lists) are requested.</summary>
public sealed class KnowledgeBaseHttpOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:KnowledgeBaseHttp";

    /// <summary>Time for one attempt up to the response headers.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time for a whole page request, retries and body included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries after a 5xx, 408, 429, timeout or network error.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; doubles per retry (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on a retry delay, an API's Retry-After included.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Validates <see cref="KnowledgeBaseHttpOptions"/> at start, naming the configuration key in each message.</summary>
public sealed class KnowledgeBaseHttpOptionsValidator : IValidateOptions<KnowledgeBaseHttpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KnowledgeBaseHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Errors(KnowledgeBaseHttpOptions o)
    {
        const string s = KnowledgeBaseHttpOptions.SectionName;
        if (o.RequestTimeout < TimeSpan.FromMilliseconds(10) || o.RequestTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{s}:RequestTimeout must be between 10 ms and 10 minutes (was {o.RequestTimeout}).";
        }

        if (o.TotalTimeout < o.RequestTimeout || o.TotalTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{s}:TotalTimeout must be at least RequestTimeout and at most 1 hour (was {o.TotalTimeout}).";
        }

        if (o.MaxRetries is < 0 or > 10)
        {
            yield return $"{s}:MaxRetries must be between 0 and 10 (was {o.MaxRetries}).";
        }

        if (o.RetryBaseDelay < TimeSpan.Zero || o.RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{s}:RetryBaseDelay must be between 0 and 1 minute (was {o.RetryBaseDelay}).";
        }

        if (o.MaxDelay < TimeSpan.Zero || o.MaxDelay > TimeSpan.FromMinutes(10))
        {
            yield return $"{s}:MaxDelay must be between 0 and 10 minutes (was {o.MaxDelay}).";
        }
    }
}
