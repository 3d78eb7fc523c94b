using Bunit;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Web.Components;
using KccAssistant.Web.Components.Sources;

namespace KccAssistant.Tests.Components;

/// <summary><see cref="IngestHistoryTable"/> rendered by bUnit: the last runs on the Bronnen page.</summary>
public sealed class IngestHistoryTableBunitTests : BunitContext
{
    private IRenderedComponent<IngestHistoryTable> RenderTable(IReadOnlyList<IngestHistoryEntry> entries) =>
        Render<IngestHistoryTable>(p => p.Add(c => c.Entries, entries));

    [Fact]
    public void Render_NoRuns_SaysSoWithoutTable()
    {
        var table = RenderTable([]);

        Assert.Equal("Nog geen inleesruns vastgelegd.", table.Find("#history-empty").TextContent);
        Assert.Empty(table.FindAll("table"));
    }

    [Fact]
    public void Render_Runs_OneRowEachInGivenOrderWithDutchTexts()
    {
        // Midday UTC: the same calendar day in every time zone the tests run in, whatever the machine's zone.
        var started = new DateTimeOffset(2025, 6, 15, 12, 0, 5, TimeSpan.Zero);
        var table = RenderTable(
        [
            new IngestHistoryEntry(started, 65, 7, true, 120, 900, 40, 3, ["Website", "VAC"]),
            new IngestHistoryEntry(started.AddDays(-1), 12.4, 6, false, 118, 880, 0, 0, ["Website"], "Timeout bij het ophalen van de sitemap"),
        ]);

        Assert.Equal(
            ["Gestart", "Duur", "Bronnen", "Documenten", "Passages", "Overgeslagen", "Vastgelegd"],
            table.FindAll("#history thead th").Select(th => th.TextContent));
        var rows = table.FindAll("#history tbody tr");
        Assert.Equal(["7", "6"], rows.Select(r => r.GetAttribute("data-generation")));

        string Cell(int row, string label) => rows[row].QuerySelector($"td[data-label={label}]")!.TextContent.Trim();
        Assert.Equal(started.ToLocalTime().ToString("d MMM yyyy HH:mm:ss", AnswerMarkup.Dutch), Cell(0, "Gestart"));
        Assert.Contains("15 jun 2025", Cell(0, "Gestart"), StringComparison.Ordinal);
        Assert.Equal("1 min 05 s", Cell(0, "Duur"));
        Assert.Equal("12 s", Cell(1, "Duur"));
        Assert.Equal("Website, VAC", Cell(0, "Bronnen"));
        Assert.Equal("120", Cell(0, "Documenten"));
        Assert.Equal("900", Cell(0, "Passages"));
        Assert.Equal("3", Cell(0, "Overgeslagen"));
        Assert.Equal("ja, generatie 7", rows[0].QuerySelector("td[data-label=Vastgelegd] .text-success")!.TextContent);
        Assert.Null(rows[0].QuerySelector("td[data-label=Vastgelegd] .text-danger"));

        Assert.Equal("nee", rows[1].QuerySelector("td[data-label=Vastgelegd] .text-danger")!.TextContent);
        Assert.Equal("Timeout bij het ophalen van de sitemap", rows[1].QuerySelector("td[data-label=Vastgelegd] div.small")!.TextContent);
    }

    [Fact]
    public void Render_FailedRunWithoutError_OnlyNee()
    {
        var table = RenderTable([new IngestHistoryEntry(DateTimeOffset.UnixEpoch, 1, 2, false, 0, 0, 0, 0, [])]);

        var cell = table.Find("td[data-label=Vastgelegd]");
        Assert.Equal("nee", cell.TextContent.Trim());
        Assert.Null(cell.QuerySelector("div"));
    }
}
