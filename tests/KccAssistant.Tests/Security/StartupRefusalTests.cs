using System.Diagnostics;
using System.Text;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Security;

/// <summary>
/// Finding 2: started with <c>--urls http://0.0.0.0:...</c> the app answered anyone. The real web app as a child process
/// (<c>dotnet KccAssistant.Web.dll</c> from the test output), in Production, with a fresh data directory.
/// </summary>
public sealed partial class StartupRefusalTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"Now listening on: http://[^:]+:(\d+)")]
    private static partial System.Text.RegularExpressions.Regex ListeningOn();

    [Fact]
    public async Task Start_AllInterfacesWithoutAuthConfiguration_ExitsNonZeroNamingTheKeys()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await RunWebAsync(data.Path, "http://0.0.0.0:0");

        Assert.Equal(78, exitCode);
        Assert.Contains("Refusing to start", output, StringComparison.Ordinal);
        Assert.Contains("Auth:Oidc:Authority", output, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AllInterfacesWithApiKeyOnly_RunsAndWarnsThatPagesNeedOidc()
    {
        using var data = new TempDirectory();

        var signInPage = string.Empty;
        var statuses = (0, 0);
        var (exitCode, output) = await RunWebAsync(data.Path, "http://0.0.0.0:0", async port =>
        {
            // Reachable from the network now, so the local "all roles" sign-in must be gone.
            using var client = TestAuth.CreateClient(new Uri($"http://127.0.0.1:{port}"), key: null);
            signInPage = await client.GetStringAsync("/aanmelden");
            // A right and a wrong key, so that both paths of the key check have had a chance to log.
            using var agent = TestAuth.CreateClient(new Uri($"http://127.0.0.1:{port}"), TestAuth.AgentKey);
            using var wrong = TestAuth.CreateClient(new Uri($"http://127.0.0.1:{port}"), TestAuth.WrongKey);
            using var allowed = await agent.GetAsync("/api/status");
            using var refused = await wrong.GetAsync("/api/status");
            statuses = ((int)allowed.StatusCode, (int)refused.StatusCode);
        }, ("Auth__ApiKeys__0", TestAuth.AgentKey));

        Assert.Contains("Application started", output, StringComparison.Ordinal);
        Assert.Contains("without OpenID Connect", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Refusing to start", output, StringComparison.Ordinal);
        // Keys are never logged, neither the right one nor a wrong one.
        Assert.Equal((403, 401), statuses);
        Assert.Contains("unknown API key", output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAuth.AgentKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAuth.WrongKey, output, StringComparison.Ordinal);
        Assert.NotEqual(78, exitCode);
        Assert.DoesNotContain("Lokaal aanmelden", signInPage, StringComparison.Ordinal);
        Assert.Contains("Auth:Oidc:Authority", signInPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ShortApiKey_FailsNamingTheKeyPath()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await RunWebAsync(data.Path, "http://127.0.0.1:0", whileRunning: null, ("Auth__ApiKeys__0", "kort"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Auth:ApiKeys:0", output, StringComparison.Ordinal);
        Assert.Contains("shorter than 16", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FromBuildOutputInProduction_ServesTheFrameworkScriptToTheSignInPage()
    {
        // The quick start runs from source in Production: blazor.web.js lives outside wwwroot until publish, and was a
        // 500 (then a redirect to sign-in) there, which left every page without Blazor.
        using var data = new TempDirectory();

        var results = new List<(string Path, int Status, long Length)>();
        await RunWebAsync(data.Path, "http://127.0.0.1:0", async port =>
        {
            using var anonymous = TestAuth.CreateClient(new Uri($"http://127.0.0.1:{port}"), key: null);
            foreach (var path in new[] { "/_framework/blazor.web.js", "/app.css" })
            {
                using var response = await anonymous.GetAsync(path);
                results.Add((path, (int)response.StatusCode, (await response.Content.ReadAsByteArrayAsync()).LongLength));
            }
        });

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Status == 200 && r.Length > 1000, $"{r.Path}: {r.Status}, {r.Length} bytes"));
    }

    [Fact]
    public void LaunchSettings_DotnetRun_StartsInProduction()
    {
        // Finding 4: the README's dotnet run started in Development, whose error pages echo the request's headers.
        var file = Path.Combine(RepositoryPaths.Root, "src", "KccAssistant.Web", "Properties", "launchSettings.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));

        foreach (var profile in json.RootElement.GetProperty("profiles").EnumerateObject())
        {
            var environment = profile.Value.TryGetProperty("environmentVariables", out var variables)
                && variables.TryGetProperty("ASPNETCORE_ENVIRONMENT", out var value) ? value.GetString() : null;
            Assert.True(environment is null or "Production", $"Profile '{profile.Name}' starts in {environment}.");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunWebAsync(string dataDir, string urls, Func<int, Task>? whileRunning = null, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KccAssistant.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(urls);
        start.ArgumentList.Add("--Kcc:DataDir=" + dataDir);
        start.ArgumentList.Add("--Kcc:Ingest:IngestOnFirstStart=false");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // Everything at Debug, so a key that reached any log message would show.
        start.Environment["Logging__LogLevel__Default"] = "Debug";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug";
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var port = 0;
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (ListeningOn().Match(line) is { Success: true } listening)
            {
                port = int.Parse(listening.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (line.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            if (whileRunning is not null)
            {
                await started.Task.WaitAsync(timeout.Token);
                // Give the start-up check its moment, then use the app and stop it as an operator would.
                await Task.Delay(1000, timeout.Token);
                await whileRunning(port);
                process.Kill();
            }

            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
