using System.Net;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using System.Net.Http.Json;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Tests.App;
using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KccAssistant.Tests.Evaluation;

/// <summary>
/// The real web app signed in through OpenID Connect (<see cref="TestIdentityProvider"/>, so each role is a real
/// user), with the sample municipality Lindenhaven ingested on first start as a new installation would, and Debian's
/// chromium.
/// </summary>
public sealed class EvaluationAppFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public TestIdentityProvider Provider { get; private set; } = null!;

    public IBrowser? Browser { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserSupport.Chromium))
        {
            return;
        }

        Provider = await TestIdentityProvider.StartAsync(() => BaseAddress);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Kcc:DataDir", _data.Path);
            builder.UseSetting("Auth:Oidc:Authority", Provider.Issuer.ToString());
            builder.UseSetting("Auth:Oidc:ClientId", TestIdentityProvider.ClientId);
            builder.UseSetting("Auth:Oidc:ClientSecret", TestIdentityProvider.ClientSecret);
            builder.UseSetting("Auth:Oidc:RequireHttpsMetadata", "false");
            builder.UseSetting("Auth:Oidc:RoleClaim", "groups");
            builder.UseSetting("Auth:Oidc:RoleMap:grp-kcc-agents", "Agent");
            builder.UseSetting("Auth:Oidc:RoleMap:grp-kcc-redactie", "Editor");
            builder.UseSetting("Auth:Oidc:RoleMap:grp-kcc-data", "DataScientist");
            builder.UseTestApiKeys();
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        // First start with an empty store ingests the sample municipality; the lindenhaven set is labelled against it.
        var status = _factory.Services.GetRequiredService<IngestionStatus>();
        using var client = TestAuth.CreateClient(BaseAddress, TestAuth.AdminKey);
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (true)
        {
            var health = await client.GetFromJsonAsync<Health>("/healthz");
            if (health is { Generation: > 0 } && !status.Running)
            {
                break;
            }

            if (!status.Running && status.LastError is { } error)
            {
                throw new InvalidOperationException($"First-start ingestion failed: {error}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("First-start ingestion did not finish in time.");
            }

            await Task.Delay(500);
        }

        (_playwright, Browser) = await BrowserSupport.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    private sealed record Health(string Status, long Generation, int Chunks, bool Ingesting);
}

/// <summary>
/// The Evaluation page as a data scientist uses it: run the test part of the lindenhaven set, see the metrics table
/// with intervals while progress counts up, run again with another mode, compare with the previous run, download
/// the reports; and as an agent and an editor: no link, no page, no downloads.
/// </summary>
public sealed class EvaluationPageBrowserTests(EvaluationAppFixture app) : IClassFixture<EvaluationAppFixture>
{
    private const int Timeout = 30_000;
    private const int RunTimeout = 180_000;

    private readonly List<string> _cspViolations = [];

    private async Task<IBrowserContext> NewContextAsync()
    {
        Skip.If(app.Browser is null, $"Browser tests need Debian's chromium at {BrowserSupport.Chromium} (apt-get install -y chromium).");
        return await app.Browser!.NewContextAsync(new BrowserNewContextOptions { Locale = "nl-NL" });
    }

    private async Task<IPage> SignInAsync(IBrowserContext context, string path, string user)
    {
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (_cspViolations)
                {
                    _cspViolations.Add(message.Text);
                }
            }
        };
        await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
        Assert.Equal(app.Provider.Issuer.Port, new Uri(page.Url).Port);
        await page.ClickAsync($"#login-{user}");
        await page.WaitForURLAsync(url => new Uri(url).Port == app.BaseAddress.Port, new PageWaitForURLOptions { Timeout = Timeout });
        return page;
    }

    [SkippableFact]
    public async Task EvaluationPage_DataScientistRunsLindenhavenTestPartTwiceAndCompares_SeesTablesAndDownloads()
    {
        await using var context = await NewContextAsync();
        var page = await SignInAsync(context, "/evaluatie", "datascientist");
        await page.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = Timeout });
        Assert.Equal("Evaluatie – KCC-assistent", await page.TitleAsync());
        Assert.NotNull(await page.QuerySelectorAsync("nav a[href='evaluatie']"));
        Assert.NotNull(await page.QuerySelectorAsync("#runs-empty"));

        // The project's sets are offered; lindenhaven has dev and test parts, and a split set starts on test.
        // The counts come from the set file itself, so adding questions to the set does not break this test.
        var setLines = File.ReadLines(Path.Combine(RepositoryPaths.Root, "eval", "sets", "lindenhaven.jsonl")).Where(l => l.Trim().Length > 0).ToList();
        var total = setLines.Count;
        var testPart = setLines.Count(l => l.Contains("\"split\": \"test\"", StringComparison.Ordinal));
        Assert.InRange(testPart, 1, total - 1);
        await page.SelectOptionAsync("#set-select", "project/lindenhaven.jsonl");
        Assert.Contains($"lindenhaven.jsonl (projectset): {total} vragen", await page.InnerTextAsync("#set-info"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#split-test"));

        // First run: hybrid only.
        await page.UncheckAsync("#mode-lexical");
        await page.UncheckAsync("#mode-dense");
        await page.ClickAsync("#start-run");
        await page.WaitForSelectorAsync("#jobs tr.job", new PageWaitForSelectorOptions { Timeout = Timeout });
        await page.WaitForSelectorAsync("#jobs tr.job[data-state=Completed]", new PageWaitForSelectorOptions { Timeout = RunTimeout });
        Assert.Equal($"{testPart} van {testPart} vragen", (await page.InnerTextAsync("#jobs tr.job .job-count")).Trim());
        await page.WaitForSelectorAsync("#results", new PageWaitForSelectorOptions { Timeout = Timeout });
        Assert.Equal(["hybrid-test"], await ColumnsAsync(page));
        var recall = (await page.InnerTextAsync("#results tr[data-metric='recall@5'] td[data-run='hybrid-test']")).Trim();
        Assert.Matches(@"^[01]\.\d\d \[[01]\.\d\d–[01]\.\d\d\]$", recall);
        Assert.Contains($"lindenhaven.jsonl ({total} vragen", await page.InnerTextAsync("#run-details"), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("#run-report figure img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('#run-report figure img')].every(i => i.complete && i.naturalWidth === 900)"));
        Assert.Equal(1, await page.Locator("#runs tbody tr.run").CountAsync());

        // Second run: hybrid and lexical; its report replaces the first on the page and the comparison is prefilled.
        await page.CheckAsync("#mode-lexical");
        await page.ClickAsync("#start-run");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#jobs tr.job[data-state=Completed]').length === 2", null, new PageWaitForFunctionOptions { Timeout = RunTimeout });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#runs tbody tr.run').length === 2", null, new PageWaitForFunctionOptions { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#results thead th').length === 3", null, new PageWaitForFunctionOptions { Timeout = Timeout });
        Assert.Equal(["hybrid-test", "lexical-test"], await ColumnsAsync(page));
        var runIds = await page.EvalOnSelectorAllAsync<string[]>("#runs tbody tr.run", "rows => rows.map(r => r.dataset.id)");
        Assert.Equal(runIds[0], await page.InputValueAsync("#compare-b"));
        Assert.Equal(runIds[1], await page.InputValueAsync("#compare-a"));

        await page.ClickAsync("#compare");
        await page.WaitForSelectorAsync("#comparison .comparison-table[data-run='hybrid-test']", new PageWaitForSelectorOptions { Timeout = Timeout });
        var rows = await page.EvalOnSelectorAllAsync<string[]>("#comparison .comparison-table[data-run='hybrid-test'] tbody tr", "rows => rows.map(r => r.dataset.metric)");
        Assert.Equal(["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "noAnswerAccuracy", "falseNoAnswerRate", "citationPrecision", "mustContainRate", "p50Ms", "p95Ms"], rows);
        // The same index and settings twice: retrieval is deterministic, so no quality metric moves.
        Assert.Equal("0.000 [0.000, 0.000]", (await page.InnerTextAsync("#comparison .comparison-table[data-run='hybrid-test'] tr[data-metric='recall@5'] td:nth-child(4)")).Trim());
        Assert.Contains("0 vragen met een andere uitkomst", await page.InnerTextAsync("#comparison details.changes[data-run='hybrid-test'] summary"), StringComparison.Ordinal);
        Assert.Contains("lexical-test", await page.InnerTextAsync("#comparison-unmatched"), StringComparison.Ordinal);

        // Downloads work with the browser's sign-in cookie.
        Assert.Equal("200 application/json; charset=utf-8", await FetchAsync(page, "#download-json"));
        Assert.Equal("200 text/html; charset=utf-8", await FetchAsync(page, "#download-compare"));
        Assert.Equal("200 application/jsonl; charset=utf-8", await FetchAsync(page, "#set-info a"));
        var runFolders = Directory.GetDirectories(Path.Combine(app.DataDirectory, "eval-runs")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(runIds.Order(StringComparer.Ordinal), runFolders);

        // Live progress is pushed over the circuit: a third run (the test part in two modes) shows counts below its total
        // before it completes.
        await page.ClickAsync("#start-run");
        await page.WaitForFunctionAsync(
            "total => [...document.querySelectorAll('#jobs tr.job[data-state=Running] .job-count')].some(e => e.textContent.trim().endsWith(` van ${total} vragen`) && !e.textContent.trim().startsWith(`${total} `))",
            2 * testPart, new PageWaitForFunctionOptions { Timeout = RunTimeout });
        await page.ClickAsync("#jobs tr.job[data-state=Running] .job-cancel");
        await page.WaitForSelectorAsync("#jobs tr.job[data-state=Cancelled]", new PageWaitForSelectorOptions { Timeout = Timeout });
        Assert.Equal(2, await page.Locator("#runs tbody tr.run").CountAsync());
        Assert.Empty(_cspViolations);

        await AssertAccessibleAsync();
    }

    /// <summary>axe-core (WCAG 2.1 AA) on the page with a report and a comparison shown, at desktop and phone width.</summary>
    private async Task AssertAccessibleAsync()
    {
        foreach (var width in new[] { 1280, 400 })
        {
            // The context bypasses the CSP only so that axe-core can be injected; the page's CSP is checked above.
            await using var context = await app.Browser!.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "nl-NL" });
            var page = await SignInAsync(context, "/evaluatie", "datascientist");
            await page.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = Timeout });
            await page.ClickAsync("#runs tbody tr.run:first-child .run-show");
            await page.WaitForSelectorAsync("#results", new PageWaitForSelectorOptions { Timeout = Timeout });
            await page.ClickAsync("#compare");
            await page.WaitForSelectorAsync("#comparison .comparison-table", new PageWaitForSelectorOptions { Timeout = Timeout });

            // Wide tables scroll inside their own region (positioned, so screen-reader-only text in them is clipped too);
            // the page itself never scrolls sideways.
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            var beyond = await page.EvaluateAsync<string[]>(
                "w => [...document.querySelectorAll('body *')].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && !e.parentElement.closest('.table-responsive')).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') + ' ' + e.scrollWidth + '/' + e.clientWidth)",
                width);
            Assert.True(scrollWidth <= width, $"The page is {scrollWidth} px wide at a {width} px viewport: {string.Join(", ", beyond.Take(10))}");

            var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });

            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id}: {v.Help} {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
            Assert.True(serious.Count == 0, $"axe-core bij {width} px:\n{string.Join("\n", serious)}");
            if (Environment.GetEnvironmentVariable("KCC_SCREENSHOTS") is { Length: > 0 } folder)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"evaluatie-{width}.png"), FullPage = true });
            }
        }
    }

    [SkippableFact]
    public async Task EvaluationPage_AgentAndEditor_NoLinkPageForbiddenAndDownloadsRefused()
    {
        foreach (var (user, start) in new[] { ("agent", "/"), ("editor", "/bronnen") })
        {
            await using var context = await NewContextAsync();
            var page = await SignInAsync(context, start, user);
            await page.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = Timeout });
            Assert.Null(await page.QuerySelectorAsync("nav a[href='evaluatie']"));

            var response = await page.GotoAsync(new Uri(app.BaseAddress, "/evaluatie").ToString());
            Assert.Equal(403, response!.Status);
            Assert.Contains("Geen toegang", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
            var download = await page.EvaluateAsync<int>("() => fetch('/evaluatie/sets/project/lindenhaven.jsonl').then(r => r.status)");
            Assert.Equal(403, download);
        }
    }

    private static Task<string[]> ColumnsAsync(IPage page) =>
        page.EvalOnSelectorAllAsync<string[]>("#results thead th:not(:first-child)", "cells => cells.map(c => c.textContent.trim())");

    private static Task<string> FetchAsync(IPage page, string selector) =>
        page.EvaluateAsync<string>($"() => fetch(document.querySelector(\"{selector}\").href).then(r => r.status + ' ' + r.headers.get('content-type'))");
}
