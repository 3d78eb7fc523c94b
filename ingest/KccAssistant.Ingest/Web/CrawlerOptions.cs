using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Web;

/// <summary>The <c>Kcc:Crawler</c> section: how the website crawler behaves towards the sites it reads.</summary>
public sealed class CrawlerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Crawler";

    /// <summary>The default User-Agent; its product token (KccAssistantBot) is what robots.txt groups match.</summary>
    public const string DefaultUserAgent = "KccAssistantBot/1.0 (+https://github.com/kcc-assistant)";

    /// <summary>User-Agent sent with every request; robots.txt is matched on its product token.</summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>Pages handled per run (fetched, unchanged or failed); the crawl stops when reached.</summary>
    public int MaxPages { get; set; } = 5000;

    /// <summary>Link hops from a start URL; sitemap entries count as start URLs.</summary>
    public int MaxDepth { get; set; } = 20;

    /// <summary>Distinct query strings crawled per path: bounds crawl traps such as calendars with endless <c>?month=</c>.</summary>
    public int MaxQueryVariantsPerPath { get; set; } = 25;

    /// <summary>Largest page body read; larger pages are aborted while streaming and counted as failed.</summary>
    public long MaxPageBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Time for one attempt up to the response headers, and again for reading the body.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a 5xx, 408, 429, timeout or network error (the client's resilience pipeline).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; doubles per retry (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on a server's Retry-After and on robots.txt Crawl-delay, so one site cannot stall a run.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests in flight per host.</summary>
    public int ConcurrencyPerHost { get; set; } = 2;

    /// <summary>When set, only paths under one of these prefixes are crawled (start URLs always are).</summary>
    public List<string> AllowedPathPrefixes { get; set; } = [];

    /// <summary>Whether robots.txt Sitemap lines and /sitemap.xml are read to find pages and their lastmod.</summary>
    public bool UseSitemaps { get; set; } = true;
}

/// <summary>Validates <see cref="CrawlerOptions"/> at start, naming the configuration key in each message.</summary>
public sealed class CrawlerOptionsValidator : IValidateOptions<CrawlerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CrawlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when the options are invalid.</summary>
    public static void ThrowIfInvalid(CrawlerOptions options)
    {
        var result = new CrawlerOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CrawlerOptions), result.Failures);
        }
    }

    private static IEnumerable<string> Errors(CrawlerOptions o)
    {
        const string s = CrawlerOptions.SectionName;
        if (string.IsNullOrWhiteSpace(o.UserAgent) || RobotsTxt.ProductToken(o.UserAgent).Length == 0)
        {
            yield return $"{s}:UserAgent must start with a product token such as \"KccAssistantBot/1.0\".";
        }

        if (o.MaxPages < 1)
        {
            yield return $"{s}:MaxPages must be at least 1 (was {o.MaxPages}).";
        }

        if (o.MaxDepth < 0)
        {
            yield return $"{s}:MaxDepth must be 0 or more (was {o.MaxDepth}).";
        }

        if (o.MaxQueryVariantsPerPath < 0)
        {
            yield return $"{s}:MaxQueryVariantsPerPath must be 0 or more (was {o.MaxQueryVariantsPerPath}).";
        }

        if (o.MaxPageBytes < 1024)
        {
            yield return $"{s}:MaxPageBytes must be at least 1024 (was {o.MaxPageBytes}).";
        }

        if (o.RequestTimeout < TimeSpan.FromMilliseconds(10) || o.RequestTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{s}:RequestTimeout must be between 10 ms and 10 minutes (was {o.RequestTimeout}).";
        }

        if (o.MaxRetries is < 0 or > 10)
        {
            yield return $"{s}:MaxRetries must be between 0 and 10 (was {o.MaxRetries}).";
        }

        if (o.RetryBaseDelay < TimeSpan.Zero || o.RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{s}:RetryBaseDelay must be between 0 and 1 minute (was {o.RetryBaseDelay}).";
        }

        if (o.MaxDelay < TimeSpan.Zero)
        {
            yield return $"{s}:MaxDelay must not be negative (was {o.MaxDelay}).";
        }

        if (o.ConcurrencyPerHost is < 1 or > 16)
        {
            yield return $"{s}:ConcurrencyPerHost must be between 1 and 16 (was {o.ConcurrencyPerHost}).";
        }

        foreach (var prefix in o.AllowedPathPrefixes ?? [])
        {
            if (string.IsNullOrEmpty(prefix) || !prefix.StartsWith('/'))
            {
                yield return $"{s}:AllowedPathPrefixes entries must start with '/' (was \"{prefix}\").";
            }
        }
    }
}
