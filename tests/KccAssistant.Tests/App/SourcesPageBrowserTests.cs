using System.Text.RegularExpressions;
using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>
/// The Bronnen page as an editor follows a real ingest of the sample municipality in chromium: the confirmation, the
/// progress bars moving over the circuit, the result, the history and the skipped items in Dutch, and a 400 px screen.
/// Each test starts its own app on an empty data directory, so the run is a first run that really embeds.
/// </summary>
public sealed class SourcesPageBrowserTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // The Dutch labels the page may show for a skip reason; the report's English codes must never reach the editor.
    private static readonly string[] DutchReasons = ["robots", "noindex", "vertrouwelijk", "niet actief", "persoonsgegevens", "dubbel", "mislukt"];

    private readonly List<string> _cspViolations = [];

    [SkippableFact]
    public async Task SourcesPage_EditorConfirmsReingestAll_ProgressBarRisesThenResultHistoryAndDutchSkips()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        await using var app = KccWebApp.Start("Development");
        using (playwright)
        await using (browser)
        {
            var status = app.Services.GetRequiredService<IngestionStatus>();
            var page = await BrowserSupport.OpenInteractiveAsync(browser, new Uri(app.BaseAddress, "/bronnen"), _cspViolations);
            Assert.Contains("De index is leeg", await page.InnerTextAsync("#index-info"), StringComparison.Ordinal);
            Assert.NotNull(await page.QuerySelectorAsync("#history-empty"));

            // The first click only asks; cancelling starts nothing.
            await page.ClickAsync("#ingest-all");
            await page.WaitForSelectorAsync("#ingest-confirm");
            Assert.Contains("Ja, alles opnieuw inlezen", await page.InnerTextAsync("#ingest-confirm"), StringComparison.Ordinal);
            Assert.False(status.Running);
            await page.ClickAsync("#ingest-all-cancel");
            await page.WaitForSelectorAsync("#ingest-confirm", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
            await Task.Delay(500);
            Assert.False(status.Running);
            Assert.Null(status.LastReport);

            await page.ClickAsync("#ingest-all");
            await page.ClickAsync("#ingest-all-confirm");

            // Watch the bars as the circuit pushes them until the result shows: values per source, in the order seen.
            var seen = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var totalsText = new List<string>();
            var screenshot = false;
            var deadline = DateTime.UtcNow.AddMinutes(8);
            while (await page.QuerySelectorAsync("#ingest-result") is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "The run did not finish within 8 minutes.");
                var bars = await page.EvalOnSelectorAllAsync<BarReading[]>(
                    "#ingest-progress progress[data-source]",
                    "bars => bars.map(b => ({ Source: b.dataset.source, Value: b.hasAttribute('value') ? b.value : -1, Max: b.max }))");
                foreach (var bar in bars)
                {
                    var values = seen.TryGetValue(bar.Source, out var list) ? list : seen[bar.Source] = [];
                    if (bar.Value >= 0 && (values.Count == 0 || values[^1] != bar.Value))
                    {
                        values.Add(bar.Value);
                    }
                }

                if (await page.QuerySelectorAsync("#ingest-progress") is { } progress)
                {
                    totalsText.Add(await progress.InnerTextAsync());
                }

                if (!screenshot && Environment.GetEnvironmentVariable("KCC_SCREENSHOTS") is { Length: > 0 } folder
                    && seen.Values.Any(v => v.Count > 1) && await page.QuerySelectorAsync("#ingest-progress") is not null)
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "bronnen-voortgang.png"), FullPage = true });
                    screenshot = true;
                }

                await Task.Delay(100);
            }

            foreach (var (source, values) in seen)
            {
                output.WriteLine($"{source}: {string.Join(" ", values)}");
            }

            var report = status.LastReport;
            Assert.NotNull(report);
            Assert.True(report.Committed);
            Assert.Null(status.LastError);

            // Moved forward at least once while the run was going, as a bar over the circuit, not only at the end.
            Assert.Contains(seen.Values, values => values.Zip(values.Skip(1)).Any(pair => pair.Second > pair.First));
            Assert.Contains(totalsText, text => text.Contains("totaal uit", StringComparison.Ordinal));
            Assert.Contains(totalsText, text => text.Contains("documenten/min", StringComparison.Ordinal));

            var result = await page.InnerTextAsync("#ingest-result");
            var match = Regex.Match(result, @"^Klaar: (\d+) documenten, (\d+) overgeslagen, in (\d+) s\.$");
            Assert.True(match.Success, result);
            Assert.Equal(report.Documents, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(report.Skipped.Total, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(report.Documents > 0);

            // The run is in the history, read back from the data directory.
            var history = await page.QuerySelectorAllAsync("#history tbody tr");
            var run = Assert.Single(history);
            var runText = await run.InnerTextAsync();
            Assert.Contains($"generatie {report.Generation}", runText, StringComparison.Ordinal);
            Assert.Contains(report.Documents.ToString(System.Globalization.CultureInfo.InvariantCulture), runText, StringComparison.Ordinal);
            Assert.Contains("website, kennisbank", runText, StringComparison.Ordinal);

            await AssertSkippedItemsAsync(page, report);
            Assert.Empty(_cspViolations);
        }
    }

    private static async Task AssertSkippedItemsAsync(IPage page, IngestReport report)
    {
        // The sample knowledge base holds non-active VACs and articles: they are listed by their question or title.
        var inactive = report.SkippedItems.Where(s => s.Reason == nameof(SkipReason.Inactive)).ToList();
        Assert.NotEmpty(inactive);
        Assert.All(inactive, s => Assert.False(string.IsNullOrWhiteSpace(s.Title), $"no title for {s.Location}"));

        var rows = await page.QuerySelectorAllAsync("#skipped tbody tr");
        Assert.Equal(Math.Min(report.SkippedItems.Count, 25), rows.Count);
        foreach (var row in rows)
        {
            var reason = await (await row.QuerySelectorAsync(".skip-reason"))!.InnerTextAsync();
            Assert.Contains(reason.Trim(), DutchReasons);
        }

        var table = await page.InnerTextAsync("#skipped");
        Assert.DoesNotContain("Inactive", table, StringComparison.Ordinal);
        Assert.DoesNotContain(" without ", table, StringComparison.Ordinal);

        // Filtered on "niet actief": exactly the inactive items, each shown with its title as the item's main text.
        await page.SelectOptionAsync("#skip-filter", nameof(SkipReason.Inactive));
        await page.WaitForFunctionAsync(
            "n => document.querySelectorAll('#skipped tbody tr').length === n", Math.Min(inactive.Count, 25));
        var items = await page.EvalOnSelectorAllAsync<string[]>("#skipped tbody tr .skip-item > :first-child", "cells => cells.map(c => c.textContent.trim())");
        Assert.Equal(inactive.Take(25).Select(s => s.Title!), items);
        var reasons = await page.EvalOnSelectorAllAsync<string[]>("#skipped tbody tr .skip-reason", "cells => cells.map(c => c.textContent.trim())");
        Assert.All(reasons, r => Assert.Equal("niet actief", r));
        Assert.Contains("Niet actief", await page.InnerTextAsync("#skip-explanation"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SourcesPage_At400PixelsWithManySkips_NoHorizontalScrollNothingCutOffAndSkipsPaged()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        // A third source next to the sample: an archive export of VACs that are all withdrawn or internal, so the
        // skipped list runs over several pages.
        using var archive = new Support.TempDirectory();
        var vacs = Enumerable.Range(1, 60).Select(i => new Dictionary<string, object>
        {
            ["uuid"] = $"a0000000-0000-4000-8000-{i:D12}",
            ["vraag"] = $"Archiefvraag {i}: hoe ging het aanvragen van vergunning {i} vroeger?",
            ["antwoord"] = $"<p>Vroeger ging vergunning {i} via het loket.</p>",
            ["status"] = i % 3 == 0 ? "actief" : "non-actief",
            ["vertrouwelijk"] = i % 3 == 0,
        });
        await File.WriteAllTextAsync(Path.Combine(archive.Path, "archief.json"), System.Text.Json.JsonSerializer.Serialize(vacs));
        await using var app = KccWebApp.Start("Development", new Dictionary<string, string?>
        {
            ["Kcc:Sources:2:Name"] = "archief",
            ["Kcc:Sources:2:Kind"] = "KnowledgeBase",
            ["Kcc:Sources:2:Locations:0"] = archive.Path,
            ["Kcc:Sources:2:Description"] = "Oude VAC's (alle ingetrokken of intern)",
        });
        using (playwright)
        await using (browser)
        {
            // A real run first, so the page carries everything it can show: last run, skipped items, history.
            var runner = app.Services.GetRequiredService<IngestionRunner>();
            Assert.True(runner.TryStart());
            await runner.WaitAsync().WaitAsync(TimeSpan.FromMinutes(8));
            Assert.NotNull(app.Services.GetRequiredService<IngestionStatus>().LastReport);

            var page = await BrowserSupport.OpenInteractiveAsync(browser, new Uri(app.BaseAddress, "/bronnen"), _cspViolations);
            await page.SetViewportSizeAsync(400, 800);
            await page.WaitForSelectorAsync("#history tbody tr");
            await page.WaitForSelectorAsync("#skipped tbody tr");

            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 400, $"The page is {scrollWidth} px wide at a 400 px viewport.");

            // Nothing sticks out of the viewport unless it sits in a container that scrolls on its own.
            var cutOff = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main *')].filter(e => {
                    const r = e.getBoundingClientRect();
                    if (r.width === 0 || r.right <= 400.5) return false;
                    for (let p = e.parentElement; p; p = p.parentElement) {
                        const s = getComputedStyle(p);
                        if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && p.getBoundingClientRect().right <= 400.5) return false;
                    }
                    return true;
                }).map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right))
                """);
            Assert.True(cutOff.Length == 0, "Beyond 400 px: " + string.Join(", ", cutOff.Take(10)));

            await AssertPagedAsync(page, app.Services.GetRequiredService<IngestionStatus>().LastReport!);

            var report = await page.EvaluateAsync<int[]>("() => { const p = document.querySelector('#last-report'); return [p.scrollWidth, p.clientWidth]; }");
            Assert.True(report[0] <= report[1], $"The last-run block is cut off: {report[0]} px of text in {report[1]} px.");
            if (Environment.GetEnvironmentVariable("KCC_SCREENSHOTS") is { Length: > 0 } folder)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "bronnen-400.png"), FullPage = true });
            }

            Assert.Empty(_cspViolations);
        }
    }

    private static async Task AssertPagedAsync(IPage page, IngestReport report)
    {
        var skipped = report.SkippedItems;
        Assert.True(skipped.Count > 50, $"only {skipped.Count} skipped");
        var pages = (skipped.Count + 24) / 25;
        Assert.Equal($"Pagina 1 van {pages}", await page.InnerTextAsync("#skip-page"));
        Assert.Equal(25, (await page.QuerySelectorAllAsync("#skipped tbody tr")).Count);
        Assert.True(await page.IsDisabledAsync("#skip-prev"));

        for (var i = 2; i <= pages; i++)
        {
            await page.ClickAsync("#skip-next");
            await page.WaitForFunctionAsync("t => document.querySelector('#skip-page').textContent === t", $"Pagina {i} van {pages}");
        }

        // The last page holds the rest, in report order.
        var last = skipped.Skip((pages - 1) * 25).ToList();
        var titles = await page.EvalOnSelectorAllAsync<string[]>("#skipped tbody tr .skip-item > :first-child", "cells => cells.map(c => c.textContent.trim())");
        Assert.Equal(last.Select(KccAssistant.Web.Components.Sources.IngestTexts.ItemLabel), titles);
        Assert.Contains(last, s => s.Title is not null);
        Assert.True(await page.IsDisabledAsync("#skip-next"));

        // Choosing a reason starts again at its first page and shows only that reason.
        var confidential = skipped.Count(s => s.Reason == nameof(SkipReason.Confidential));
        await page.SelectOptionAsync("#skip-filter", nameof(SkipReason.Confidential));
        await page.WaitForFunctionAsync(
            "n => document.querySelectorAll('#skipped tbody tr').length === n", Math.Min(confidential, 25));
        var reasons = await page.EvalOnSelectorAllAsync<string[]>("#skipped tbody tr .skip-reason", "cells => cells.map(c => c.textContent.trim())");
        Assert.All(reasons, r => Assert.Equal("vertrouwelijk", r));
        if (confidential > 25)
        {
            Assert.StartsWith("Pagina 1 van", await page.InnerTextAsync("#skip-page"), StringComparison.Ordinal);
        }
    }

    private sealed class BarReading
    {
        public string Source { get; set; } = "";

        public double Value { get; set; }

        public double Max { get; set; }
    }
}
