using System.Diagnostics;
using System.Text;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Security;

/// <summary>
/// Finding 2: started with <c>--urls http://0.0.0.0:...</c> the app answered anyone. The real web app as a child process
/// (<c>dotnet KccAssistant.Web.dll</c> from the test output), in Production, with a fresh data directory.
/// </summary>
public sealed class StartupRefusalTests
{
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

        var (exitCode, output) = await RunWebAsync(data.Path, "http://0.0.0.0:0", stopAfterStart: true, ("Auth__ApiKeys__0", TestAuth.AgentKey));

        Assert.Contains("Application started", output, StringComparison.Ordinal);
        Assert.Contains("without OpenID Connect", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Refusing to start", output, StringComparison.Ordinal);
        // The key itself is never logged.
        Assert.DoesNotContain(TestAuth.AgentKey, output, StringComparison.Ordinal);
        Assert.NotEqual(78, exitCode);
    }

    [Fact]
    public async Task Start_ShortApiKey_FailsNamingTheKeyPath()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await RunWebAsync(data.Path, "http://127.0.0.1:0", stopAfterStart: false, ("Auth__ApiKeys__0", "kort"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Auth:ApiKeys:0", output, StringComparison.Ordinal);
        Assert.Contains("shorter than 16", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunWebAsync(string dataDir, string urls, bool stopAfterStart = false, params (string Name, string Value)[] environment)
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
            if (stopAfterStart)
            {
                await started.Task.WaitAsync(timeout.Token);
                // Give the start-up check its moment, then stop the app as an operator would.
                await Task.Delay(1000, timeout.Token);
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
