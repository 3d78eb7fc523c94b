using KccAssistant.Ingest.Worker;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Worker;

public sealed class IngestScheduleTests
{
    private static readonly TimeZoneInfo Amsterdam = ManualTimeProvider.Amsterdam;

    private static IngestSchedule Daily(string at, TimeProvider time) =>
        IngestSchedule.From(new WorkerOptions { DailyAt = at }, time.LocalTimeZone);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void NextRun_IntervalAfterLastRun_LastRunPlusInterval()
    {
        var schedule = IngestSchedule.From(new WorkerOptions { Interval = TimeSpan.FromDays(1) }, TimeZoneInfo.Utc);

        var next = schedule.NextRun(Utc(6, 1, 12), lastRun: Utc(6, 1, 2));

        Assert.Equal(Utc(6, 2, 2), next);
    }

    [Fact]
    public void NextRun_IntervalOverdue_Now()
    {
        var schedule = IngestSchedule.Every(TimeSpan.FromHours(6));

        Assert.Equal(Utc(6, 1, 12), schedule.NextRun(Utc(6, 1, 12), lastRun: Utc(5, 30, 0)));
    }

    [Fact]
    public void NextRun_IntervalWithoutEarlierRun_Now()
    {
        Assert.Equal(Utc(6, 1, 12), IngestSchedule.Every(TimeSpan.FromHours(6)).NextRun(Utc(6, 1, 12), lastRun: null));
    }

    [Fact]
    public void NextRun_NoSchedule_Null()
    {
        var schedule = IngestSchedule.From(new WorkerOptions(), TimeZoneInfo.Utc);

        Assert.False(schedule.IsEnabled);
        Assert.Null(schedule.NextRun(Utc(6, 1, 12), Utc(6, 1, 2)));
    }

    [Fact]
    public void NextRun_DailyAtLaterToday_TodayInLocalTime()
    {
        // 1 June, 09:00 in Amsterdam (CEST, UTC+2).
        var time = new ManualTimeProvider(Utc(6, 1, 7), Amsterdam);

        var next = Daily("14:30", time).NextRun(time.GetUtcNow(), lastRun: Utc(6, 1, 0));

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 14, 30, 0, TimeSpan.FromHours(2)), next);
    }

    [Fact]
    public void NextRun_DailyAtPassedToday_Tomorrow()
    {
        // 1 June, 03:00 CEST; today's 02:00 run happened.
        var time = new ManualTimeProvider(Utc(6, 1, 1), Amsterdam);

        var next = Daily("02:00", time).NextRun(time.GetUtcNow(), lastRun: Utc(6, 1, 0, 5));

        Assert.Equal(Utc(6, 2, 0), next);
    }

    [Fact]
    public void NextRun_DailyAtMissedWhileTheWorkerWasDown_Now()
    {
        // 1 June, 10:00 CEST; the last run was yesterday afternoon, so today's 02:00 run never happened.
        var time = new ManualTimeProvider(Utc(6, 1, 8), Amsterdam);

        var next = Daily("02:00", time).NextRun(time.GetUtcNow(), lastRun: Utc(5, 31, 14));

        Assert.Equal(time.GetUtcNow(), next);
    }

    [Fact]
    public void NextRun_DailyAtAcrossSpringForward_SameWallClockTimeNextDay()
    {
        // 28 March 2026, 04:00 CET; the clocks go forward the next night (02:00 -> 03:00 on 29 March).
        var time = new ManualTimeProvider(Utc(3, 28, 3), Amsterdam);

        var next = Daily("03:30", time).NextRun(time.GetUtcNow(), lastRun: Utc(3, 28, 2, 30));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), next);
        Assert.Equal(TimeSpan.FromHours(22.5), next!.Value - time.GetUtcNow());
    }

    [Fact]
    public void NextRun_DailyAtInTheSkippedHour_RunsWhenTheClockJumps()
    {
        // 02:30 does not exist on 29 March 2026 in Amsterdam: run at 03:00 CEST (01:00 UTC), the moment the clock skips it.
        var time = new ManualTimeProvider(Utc(3, 28, 12), Amsterdam);

        var next = Daily("02:30", time).NextRun(time.GetUtcNow(), lastRun: Utc(3, 28, 1, 30));

        Assert.Equal(Utc(3, 29, 1), next);
    }

    [Fact]
    public void NextRun_DailyAtInTheRepeatedHour_OnlyTheFirstOccurrence()
    {
        // 02:30 happens twice on 25 October 2026 in Amsterdam: 00:30 UTC (CEST) and 01:30 UTC (CET).
        var time = new ManualTimeProvider(Utc(10, 24, 12), Amsterdam);
        var schedule = Daily("02:30", time);

        var first = schedule.NextRun(time.GetUtcNow(), lastRun: Utc(10, 24, 0, 30));
        Assert.Equal(Utc(10, 25, 0, 30), first);

        // The run took a minute; at the second 02:30 the worker must not run again.
        time.Set(Utc(10, 25, 0, 31));
        var second = schedule.NextRun(time.GetUtcNow(), lastRun: first);
        Assert.Equal(Utc(10, 26, 1, 30), second);
    }

    [Fact]
    public void NextRun_DailyAtConfiguredTimeZone_OverridesTheMachineZone()
    {
        var time = new ManualTimeProvider(Utc(1, 10, 12), TimeZoneInfo.Utc);
        var schedule = IngestSchedule.From(new WorkerOptions { DailyAt = "02:00", TimeZone = "Europe/Amsterdam" }, time.LocalTimeZone);

        Assert.Equal(Utc(1, 11, 1), schedule.NextRun(time.GetUtcNow(), lastRun: Utc(1, 10, 1)));
        Assert.Contains("Europe/Amsterdam", schedule.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kcc:Worker:Interval and Kcc:Worker:DailyAt are both set", "1.00:00:00", "02:00", null)]
    [InlineData("Kcc:Worker:Interval must be at least", "00:00:10", null, null)]
    [InlineData("Kcc:Worker:DailyAt must be a time of day", null, "25:00", null)]
    [InlineData("Kcc:Worker:DailyAt must be a time of day", null, "twee uur", null)]
    [InlineData("Kcc:Worker:TimeZone", null, "02:00", "Mars/Olympus_Mons")]
    public void Validate_WrongSchedule_FailsNamingTheKey(string expected, string? interval, string? dailyAt, string? zone)
    {
        var options = new WorkerOptions { Interval = interval is null ? null : TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), DailyAt = dailyAt, TimeZone = zone };

        var result = new WorkerOptionsValidator().Validate(Options.DefaultName, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DailyAtWithZone_Succeeds()
    {
        var result = new WorkerOptionsValidator().Validate(Options.DefaultName, new WorkerOptions { DailyAt = "2:00", TimeZone = "Europe/Amsterdam" });

        Assert.True(result.Succeeded);
    }
}
