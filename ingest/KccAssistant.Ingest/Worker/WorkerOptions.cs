using System.Globalization;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Worker;

/// <summary>The <c>Kcc:Worker</c> section: when the long-running ingest worker (<c>--worker</c>) ingests.</summary>
public sealed class WorkerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Worker";

    /// <summary>Run every interval (e.g. "1.00:00:00"), counted from the last run. Not together with <see cref="DailyAt"/>.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Run once a day at this local time, "HH:mm" (e.g. "02:00"). Not together with <see cref="Interval"/>.</summary>
    public string? DailyAt { get; set; }

    /// <summary>Time zone of <see cref="DailyAt"/> (IANA id such as "Europe/Amsterdam"); default the machine's.</summary>
    public string? TimeZone { get; set; }

    /// <summary>How often the request queue is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Ingest all sources at start when the store is still empty.</summary>
    public bool RunWhenEmpty { get; set; } = true;

    /// <summary>The parsed <see cref="DailyAt"/>; null when unset or not a time.</summary>
    internal TimeOnly? DailyAtTime =>
        TimeOnly.TryParseExact(DailyAt?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;

    /// <summary>The zone of <see cref="TimeZone"/>, or <paramref name="fallback"/> when unset.</summary>
    internal TimeZoneInfo ResolveTimeZone(TimeZoneInfo fallback) =>
        string.IsNullOrWhiteSpace(TimeZone) ? fallback : TimeZoneInfo.FindSystemTimeZoneById(TimeZone.Trim());
}

/// <summary>Validates <see cref="WorkerOptions"/> at start, naming the configuration key in each message.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Errors(WorkerOptions o)
    {
        const string s = WorkerOptions.SectionName;
        var hasDailyAt = !string.IsNullOrWhiteSpace(o.DailyAt);
        if (o.Interval is not null && hasDailyAt)
        {
            yield return $"{s}:Interval and {s}:DailyAt are both set; use one of them and set the other to an empty value (e.g. Kcc__Worker__DailyAt=).";
        }

        if (o.Interval is { } interval && interval < MinInterval)
        {
            yield return $"{s}:Interval must be at least 00:01:00 (was {interval}).";
        }

        if (hasDailyAt && o.DailyAtTime is null)
        {
            yield return $"{s}:DailyAt must be a time of day as HH:mm, e.g. \"02:00\" (was \"{o.DailyAt}\").";
        }

        if (!string.IsNullOrWhiteSpace(o.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone.Trim(), out _))
        {
            yield return $"{s}:TimeZone \"{o.TimeZone}\" is not a known time zone; use an IANA id such as \"Europe/Amsterdam\".";
        }

        if (o.PollInterval < TimeSpan.FromMilliseconds(50) || o.PollInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{s}:PollInterval must be between 00:00:00.050 and 00:10:00 (was {o.PollInterval}).";
        }
    }
}
