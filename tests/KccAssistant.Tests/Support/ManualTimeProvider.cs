namespace KccAssistant.Tests.Support;

/// <summary>A clock the test sets: a fixed instant and a chosen local time zone. Timers and delays still run on real time.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now, TimeZoneInfo? localZone = null) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override TimeZoneInfo LocalTimeZone { get; } = localZone ?? TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now;

    public static TimeZoneInfo Amsterdam => TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
}
