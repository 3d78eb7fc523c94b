namespace KccAssistant.Ingest.Worker;

/// <summary>
/// When the worker's next scheduled run is due: every <c>Kcc:Worker:Interval</c> after the last run, or daily at
/// <c>Kcc:Worker:DailyAt</c> local time. Works on instants (UTC), so clock changes never run a day twice or skip it:
/// a daily time that falls in the spring-forward gap runs when the clock jumps past it, and one that occurs twice
/// in the autumn runs at its first occurrence only.
/// </summary>
public sealed class IngestSchedule
{
    private readonly TimeSpan? _interval;
    private readonly TimeOnly? _dailyAt;
    private readonly TimeZoneInfo _zone;

    private IngestSchedule(TimeSpan? interval, TimeOnly? dailyAt, TimeZoneInfo zone)
    {
        _interval = interval;
        _dailyAt = dailyAt;
        _zone = zone;
    }

    /// <summary>No scheduled runs: the worker only handles queued requests.</summary>
    public static IngestSchedule None { get; } = new(null, null, TimeZoneInfo.Utc);

    /// <summary>Every <paramref name="interval"/> after the last run.</summary>
    public static IngestSchedule Every(TimeSpan interval) =>
        interval > TimeSpan.Zero ? new(interval, null, TimeZoneInfo.Utc) : throw new ArgumentOutOfRangeException(nameof(interval));

    /// <summary>Daily at <paramref name="time"/> in <paramref name="zone"/>.</summary>
    public static IngestSchedule Daily(TimeOnly time, TimeZoneInfo zone) => new(null, time, zone ?? throw new ArgumentNullException(nameof(zone)));

    /// <summary>The schedule of validated options; <paramref name="localZone"/> when <c>Kcc:Worker:TimeZone</c> is unset.</summary>
    public static IngestSchedule From(WorkerOptions options, TimeZoneInfo localZone)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Interval is { } interval)
        {
            return Every(interval);
        }

        return options.DailyAtTime is { } time ? Daily(time, options.ResolveTimeZone(localZone)) : None;
    }

    /// <summary>True when the schedule has runs at all.</summary>
    public bool IsEnabled => _interval is not null || _dailyAt is not null;

    /// <summary>The schedule in words, for the log and the editor page.</summary>
    public string Description => _interval is { } interval
        ? $"elke {interval:c}"
        : _dailyAt is { } time ? $"dagelijks om {time:HH\\:mm} ({_zone.Id})" : "geen schema (alleen verzoeken)";

    /// <summary>
    /// The next run at or after <paramref name="now"/>; <paramref name="now"/> itself when a run was missed (due
    /// since <paramref name="lastRun"/> while nothing ran). Null without a schedule.
    /// </summary>
    /// <param name="now">The current instant.</param>
    /// <param name="lastRun">When the last run started (or the serving generation was committed); null when none is known.</param>
    public DateTimeOffset? NextRun(DateTimeOffset now, DateTimeOffset? lastRun)
    {
        if (_interval is { } interval)
        {
            if (lastRun is not { } last)
            {
                return now;
            }

            var due = last + interval;
            return due > now ? due : now;
        }

        if (_dailyAt is not { } time)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);
        if (lastRun is { } previousRun)
        {
            // A day's run that should have happened after the last one (the worker was down at that time): now.
            var latest = Occurrence(today, time, _zone);
            if (latest > now)
            {
                latest = Occurrence(today.AddDays(-1), time, _zone);
            }

            if (previousRun < latest)
            {
                return now;
            }
        }

        for (var day = -1; day <= 2; day++)
        {
            var occurrence = Occurrence(today.AddDays(day), time, _zone);
            if (occurrence > now)
            {
                return occurrence;
            }
        }

        throw new InvalidOperationException("No daily occurrence found within two days.");
    }

    /// <summary>
    /// The instant of <paramref name="time"/> on <paramref name="day"/> in <paramref name="zone"/>: the end of the gap
    /// when the clock skips that time, the first occurrence when it passes it twice.
    /// </summary>
    public static DateTimeOffset Occurrence(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        for (var guard = 0; zone.IsInvalidTime(local) && guard < 48 * 60; guard++)
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the earlier instant: the first time the wall clock shows this time.
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max());
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
