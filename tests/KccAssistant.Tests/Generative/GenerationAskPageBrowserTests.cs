using System.Net;
using KccAssistant.Stores;
using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KccAssistant.Tests.Generative;

/// <summary>
/// The web app with the generative mode on, on Kestrel, against the fake model, and one headless chromium, shared by
/// the browser tests of the generative Ask page (starting chromium is the slow part).
/// </summary>
public sealed class GenerationBrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly TempDirectory _data = new();
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public FakeChatServer Server { get; private set; } = null!;

    public IBrowser? Browser { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeChatServer.StartAsync();
        if (!File.Exists(Chromium))
        {
            return;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Kcc:DataDir", _data.Path);
            builder.UseSetting("Kcc:Ingest:IngestOnFirstStart", "false");
            builder.UseSetting("Kcc:Retrieval:MinLexicalShare", "0.05");
            builder.UseSetting("Kcc:Generation:Enabled", "true");
            builder.UseSetting("Kcc:Generation:Endpoint", Server.Endpoint);
            builder.UseSetting("Kcc:Generation:Model", "fake-model");
            builder.UseTestApiKeys();
            builder.ConfigureTestServices(services =>
                services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashEmbeddingGenerator()));
        });
        // Explicitly loopback with a free port: UseKestrel(0) ended up on the default localhost:5000 here, which a
        // concurrent test run can hold.
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        await GenerationDocuments.SeedAsync(_factory.Services.GetRequiredService<IKnowledgeStore>());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
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

        await Server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

/// <summary>The Ask page with the generative mode on, in Debian's chromium: streamed text, then the validated answer or the fallback.</summary>
public sealed class GenerationAskPageBrowserTests(GenerationBrowserFixture app) : IClassFixture<GenerationBrowserFixture>
{
    private async Task<IPage> OpenAskPageAsync()
    {
        Skip.If(app.Browser is null, $"Browser tests need Debian's chromium at {GenerationBrowserFixture.Chromium} (apt-get install -y chromium).");
        var page = await TestAuth.SignInLocallyAsync(app.Browser!, app.BaseAddress);
        // Clicks before the Blazor circuit is live would be lost.
        await page.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        return page;
    }

    [SkippableFact]
    public async Task AskPage_GenerationEnabled_ShowsTextAsItStreamsThenTheValidatedAnswer()
    {
        var lastPiece = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Server.Reply = r => new FakeReply
        {
            Pieces = ["Een paspoort ", "voor volwassenen ", $"kost € 84,40 [{r.SourceWith("84,40")}]."],
            BeforeLastPiece = lastPiece.Task,
        };
        var page = await OpenAskPageAsync();
        try
        {
            await page.FillAsync("#question", "wat kost een paspoort");
            await page.ClickAsync("#ask");

            // The first pieces are on screen while the model still holds back the last one.
            var draft = await page.WaitForSelectorAsync("#answer-draft:has-text('voor volwassenen')", new PageWaitForSelectorOptions { Timeout = 15_000 });
            Assert.NotNull(draft);
            Assert.Null(await page.QuerySelectorAsync("#answer"));
            Assert.NotEmpty(await page.QuerySelectorAllAsync("#citations > li"));
            lastPiece.SetResult();

            await page.WaitForSelectorAsync("#answer[data-generator=llm]", new PageWaitForSelectorOptions { Timeout = 15_000 });
            Assert.Matches(@"^Een paspoort voor volwassenen kost € 84,40\. \[\d\]$", (await page.InnerTextAsync("#answer")).Trim());
            Assert.Null(await page.QuerySelectorAsync("#answer-draft"));
            Assert.Null(await page.QuerySelectorAsync("#generation-notice"));
            Assert.NotEmpty(await page.QuerySelectorAllAsync("#citations mark"));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [SkippableFact]
    public async Task AskPage_ModelObeysPlantedInstruction_ExtractiveAnswerWithNotice()
    {
        app.Server.Reply = r => FakeReply.Text("Paspoorten ", "zijn gratis ", $"[{r.SourceWith("Negeer")}].");
        var page = await OpenAskPageAsync();
        try
        {
            await page.FillAsync("#question", "wat kost een paspoort");
            await page.ClickAsync("#ask");

            await page.WaitForSelectorAsync("#answer[data-generator=extractive]", new PageWaitForSelectorOptions { Timeout = 15_000 });
            Assert.Contains("niet door de bronnen gesteund", await page.InnerTextAsync("#generation-notice"), StringComparison.Ordinal);
            Assert.DoesNotContain("Paspoorten zijn gratis", await page.InnerTextAsync("#answer"), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
