using System.Net;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using KccAssistant.Tests.Generative;
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

namespace KccAssistant.Tests.Security;

/// <summary>
/// The app configured for OpenID Connect through settings only (<c>Auth:Oidc:*</c>), against <see cref="TestIdentityProvider"/>,
/// and Debian's chromium: the full code flow with PKCE, group-to-role mapping, and sign-out at the provider.
/// </summary>
public sealed class OidcAppFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly TempDirectory _data = new();
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public TestIdentityProvider Provider { get; private set; } = null!;

    public IBrowser? Browser { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            return;
        }

        Provider = await TestIdentityProvider.StartAsync(() => BaseAddress);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Kcc:DataDir", _data.Path);
            builder.UseSetting("Kcc:Ingest:IngestOnFirstStart", "false");
            builder.UseSetting("Kcc:Retrieval:MinLexicalShare", "0.05");
            builder.UseSetting("Auth:Oidc:Authority", Provider.Issuer.ToString());
            builder.UseSetting("Auth:Oidc:ClientId", TestIdentityProvider.ClientId);
            builder.UseSetting("Auth:Oidc:ClientSecret", TestIdentityProvider.ClientSecret);
            builder.UseSetting("Auth:Oidc:RequireHttpsMetadata", "false");
            builder.UseSetting("Auth:Oidc:RoleClaim", "groups");
            builder.UseSetting("Auth:Oidc:RoleMap:grp-kcc-agents", "Agent");
            builder.UseSetting("Auth:Oidc:RoleMap:grp-kcc-redactie", "Editor");
            builder.UseSetting("Auth:Oidc:RoleMap:grp-kcc-data", "DataScientist");
            builder.ConfigureTestServices(services =>
                services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashEmbeddingGenerator()));
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
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

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

public sealed class OidcBrowserTests(OidcAppFixture app) : IClassFixture<OidcAppFixture>
{
    private const int Timeout = 30_000;

    private async Task<IBrowserContext> NewContextAsync()
    {
        Skip.If(app.Browser is null, $"Browser tests need Debian's chromium at {OidcAppFixture.Chromium} (apt-get install -y chromium).");
        return await app.Browser!.NewContextAsync();
    }

    private bool OnProvider(string url) => new Uri(url).Port == app.Provider.Issuer.Port;

    private bool OnApp(string url, string path) => new Uri(url).Port == app.BaseAddress.Port && new Uri(url).AbsolutePath == path;

    /// <summary>Opens <paramref name="path"/>, lands on the provider's login page, picks <paramref name="user"/>, and returns on the app.</summary>
    private async Task<IPage> SignInAsync(IBrowserContext context, string path, string user)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
        Assert.True(OnProvider(page.Url), $"Expected the identity provider's login page, got {page.Url}");
        await page.ClickAsync($"#login-{user}");
        await page.WaitForURLAsync(url => OnApp(url, path), new PageWaitForURLOptions { Timeout = Timeout });
        return page;
    }

    [SkippableFact]
    public async Task CodeFlow_AgentGroup_SeesAskPageButNotSourcesAndSignOutEndsTheSession()
    {
        await using var context = await NewContextAsync();

        var page = await SignInAsync(context, "/", "agent");

        Assert.Equal("Stel een vraag", await page.InnerTextAsync("h1"));
        Assert.Equal("Anna Agent", await page.InnerTextAsync("#signed-in-as"));
        var sources = await page.GotoAsync(new Uri(app.BaseAddress, "/bronnen").ToString());
        Assert.Equal(403, sources!.Status);
        Assert.Contains("Geen toegang", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        // Content gaps are for editors: no link in the menu, and the page itself refuses.
        Assert.Null(await page.QuerySelectorAsync("nav a[href='inhoudshiaten']"));
        var gaps = await page.GotoAsync(new Uri(app.BaseAddress, "/inhoudshiaten").ToString());
        Assert.Equal(403, gaps!.Status);

        await page.GotoAsync(app.BaseAddress.ToString());
        var before = app.Provider.AuthorizationRequests;
        await page.ClickAsync("#sign-out");
        // Signed out at the app and at the provider, the browser comes back to / and is sent to sign in again.
        await page.WaitForSelectorAsync("#idp-login", new PageWaitForSelectorOptions { Timeout = Timeout });
        Assert.True(OnProvider(page.Url));
        Assert.True(app.Provider.AuthorizationRequests > before);
        await page.GotoAsync(app.BaseAddress.ToString());
        Assert.True(OnProvider(page.Url), $"After sign-out / should go to the identity provider, got {page.Url}");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "kcc.auth");
    }

    [SkippableFact]
    public async Task LocalSignIn_OidcConfigured_DoesNotExist()
    {
        Skip.If(app.Browser is null, $"Needs Debian's chromium at {OidcAppFixture.Chromium}.");
        using var client = TestAuth.CreateClient(app.BaseAddress, key: null);

        var page = await client.GetAsync("/aanmelden");

        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Lokaal aanmelden", html, StringComparison.Ordinal);
        Assert.Contains("id=\"oidc-sign-in\"", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task CodeFlow_EditorGroup_SeesSourcesWithReingestButtons()
    {
        await using var context = await NewContextAsync();

        var page = await SignInAsync(context, "/bronnen", "editor");

        await page.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = Timeout });
        Assert.Contains("kennisbank", await page.InnerTextAsync("#sources"), StringComparison.Ordinal);
        Assert.False(await page.IsDisabledAsync("#ingest-all"));
        Assert.NotNull(await page.QuerySelectorAsync("nav a[href='inhoudshiaten']"));
        // An editor is not an agent: the Ask page is refused.
        var ask = await page.GotoAsync(app.BaseAddress.ToString());
        Assert.Equal(403, ask!.Status);
    }

    [SkippableFact]
    public async Task SourcesPage_DataScientistForcesReingestClick_RefusedOnTheServerAndNothingStarts()
    {
        await using var context = await NewContextAsync();
        var page = await SignInAsync(context, "/bronnen", "datascientist");
        await page.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = Timeout });
        Assert.True(await page.IsDisabledAsync("#ingest-all"));

        // The browser is the attacker's: re-enable the button and click it; the click still reaches the circuit.
        await page.EvalOnSelectorAsync("#ingest-all", "b => b.removeAttribute('disabled')");
        await page.ClickAsync("#ingest-all");

        await page.WaitForSelectorAsync("#ingest-message", new PageWaitForSelectorOptions { Timeout = Timeout });
        Assert.Contains("Geen toegang", await page.InnerTextAsync("#ingest-message"), StringComparison.Ordinal);
        var status = await app.Services.GetRequiredService<IIngestionStatusSource>().GetAsync();
        Assert.False(status.Running);
        Assert.Null(status.RunStartedAt);

        // Content gaps are for editors only, not for data scientists who may read the Bronnen page.
        Assert.Null(await page.QuerySelectorAsync("nav a[href='inhoudshiaten']"));
        var gaps = await page.GotoAsync(new Uri(app.BaseAddress, "/inhoudshiaten").ToString());
        Assert.Equal(403, gaps!.Status);
    }
}
