using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.App;

/// <summary>
/// Issue 8, finding 1: ONNX Runtime's usage telemetry. The ingest CLI and the web app run as real processes in a
/// fresh, empty HOME under strace; no connection may go anywhere but loopback, no DNS query may ask for Microsoft's
/// event collector, and no telemetry state may be written under HOME. Nothing in the environment switches
/// telemetry off (<see cref="AppProcess.Start"/> removes ORT_DISABLE_TELEMETRY): the app must do it itself.
/// </summary>
public sealed partial class NothingLeavesTheMachineTests
{
    private const string ApiKey = "telemetry-test-key-0123456789";

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task IngestAndWebApp_FreshHome_NoTelemetryStateAndOnlyLoopbackConnections()
    {
        Skip.If(AppProcess.Strace is null, "strace is not installed (apt-get install -y strace); this test traces the processes' connections.");
        using var temp = new TempDirectory();
        var home = Directory.CreateDirectory(Path.Combine(temp.Path, "home")).FullName;
        var data = Path.Combine(temp.Path, "data");
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["KCC_ROOT"] = RepositoryPaths.Root,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__ApiKeys__0"] = ApiKey,
        };

        // The ingest worker: one run over the sample knowledge base, which embeds with ONNX Runtime.
        var ingestTrace = Path.Combine(temp.Path, "ingest.strace");
        using (var ingest = AppProcess.Start(AppProcess.IngestDll, ["--data-dir", data, "--kb", RepositoryPaths.Samples("kennisbank")], environment, ingestTrace))
        {
            var exitCode = await ingest.WaitAsync(TimeSpan.FromMinutes(4));
            Assert.True(exitCode == 0, $"ingest exited with {exitCode}:\n{ingest.Output}\n{ingest.Error}");
        }

        // The web app on the index just built: it embeds the question with ONNX Runtime too.
        var webTrace = Path.Combine(temp.Path, "web.strace");
        var port = AppProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var webEnvironment = new Dictionary<string, string?>(environment) { ["Kcc__DataDir"] = data };
        using (var web = AppProcess.Start(AppProcess.WebDll, ["--urls", baseAddress.ToString()], webEnvironment, webTrace))
        {
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            await WaitUntilUpAsync(client, web);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = JsonContent.Create(new { question = "Hoe vraag ik een parkeervergunning aan?" }) };
            request.Headers.Add("X-Api-Key", ApiKey);
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"ask: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{web.Error}");
            await web.StopAsync(TimeSpan.FromSeconds(30));
        }

        // All findings at once, so a failure shows every way something leaked.
        var problems = new List<string>();
        var modelCache = Path.Combine(home, ".cache", "kcc-assistant");
        if (!Directory.Exists(modelCache) || File.GetUnixFileMode(modelCache) != (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute))
        {
            problems.Add($"the model cache is not the private folder {modelCache} (0700)");
        }

        var telemetryState = Directory.EnumerateFileSystemEntries(home, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(home, p))
            .Where(p => p.Contains("DeveloperTools", StringComparison.OrdinalIgnoreCase)
                || p.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase)
                || p.Contains("deviceid", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (telemetryState.Count > 0)
        {
            problems.Add("telemetry state written under HOME: " + string.Join(", ", telemetryState));
        }

        foreach (var trace in new[] { ingestTrace, webTrace })
        {
            // strace writes the exit line after the traced process is gone; on a busy machine that can be a moment
            // after the test saw the process end, so wait for it (bounded) instead of reading a trace still being written.
            var lines = await File.ReadAllLinesAsync(trace);
            for (var waited = 0; waited < 100 && !lines.Any(l => l.Contains("+++ exited", StringComparison.Ordinal)); waited++)
            {
                await Task.Delay(100);
                lines = await File.ReadAllLinesAsync(trace);
            }

            Assert.Contains(lines, l => l.Contains("+++ exited", StringComparison.Ordinal));
            var remote = lines.Select(RemoteAddress).OfType<string>().Distinct().ToList();
            if (remote.Count > 0)
            {
                problems.Add($"{Path.GetFileName(trace)}: connections to non-loopback addresses: {string.Join(", ", remote)}");
            }

            var lookups = lines.Where(IsCollectorLookup).ToList();
            if (lookups.Count > 0)
            {
                problems.Add($"{Path.GetFileName(trace)}: {lookups.Count} DNS queries for the telemetry collector, e.g. {lookups[0]}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("1 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"10.255.255.53\")}, 16) = 0", "10.255.255.53")]
    [InlineData("1 connect(5, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"2603:1030::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1", "2603:1030::1")]
    [InlineData("1 connect(5, {sa_family=AF_INET, sin_port=htons(5080), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0", null)]
    [InlineData("1 connect(5, {sa_family=AF_INET6, sin6_port=htons(5080), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0", null)]
    [InlineData("1 connect(5, {sa_family=AF_INET6, sin6_port=htons(5080), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::ffff:127.0.0.1\", &sin6_addr), sin6_scope_id=0}, 28) = 0", null)]
    [InlineData("1 connect(5, {sa_family=AF_UNIX, sun_path=\"/tmp/dotnet-diagnostic\"}, 110) = 0", null)]
    [InlineData("1 sendto(7, \"\\256I\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\6mobile\\6events\\4data\\tmicrosoft\\3com\\0\", 50, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"8.8.8.8\")}, 16) = 50", "8.8.8.8")]
    public void RemoteAddress_StraceLines_NonLoopbackOnly(string line, string? expected) =>
        Assert.Equal(expected, RemoteAddress(line));

    [Fact]
    public void IsCollectorLookup_DnsQueryForEventsDataMicrosoftCom_Detected()
    {
        Assert.True(IsCollectorLookup("9 sendto(196, \"\\256I\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\6mobile\\6events\\4data\\tmicrosoft\\3com\\0\\0\\1\\0\\1\", 50, MSG_NOSIGNAL, NULL, 0) = 50"));
        Assert.False(IsCollectorLookup("9 sendto(196, \"\\256I\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\3www\\7example\\3org\\0\", 29, MSG_NOSIGNAL, NULL, 0) = 29"));
    }

    private static async Task WaitUntilUpAsync(HttpClient client, AppProcess web)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(web.HasExited, $"the web app exited with {(web.HasExited ? web.ExitCode : 0)}:\n{web.Output}\n{web.Error}");
            try
            {
                using var health = await client.GetAsync("/healthz");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The web app did not answer /healthz:\n{web.Output}\n{web.Error}");
    }

    /// <summary>The address of a connect/sendto/sendmsg to an IP address that is not loopback, or null.</summary>
    internal static string? RemoteAddress(string line)
    {
        if (!line.Contains("connect(", StringComparison.Ordinal) && !line.Contains("sendto(", StringComparison.Ordinal) && !line.Contains("sendmsg(", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (Match match in AddressPattern().Matches(line))
        {
            var text = match.Groups["v4"].Success ? match.Groups["v4"].Value : match.Groups["v6"].Value;
            if (!IPAddress.TryParse(text, out var address))
            {
                return text;
            }

            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            // 0.0.0.0 and :: appear when a socket is disconnected (AF_UNSPEC) or bound; nothing is sent there.
            if (!IPAddress.IsLoopback(address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>A DNS query (labels as length-prefixed bytes, as strace prints them) for *.events.data.microsoft.com.</summary>
    internal static bool IsCollectorLookup(string line) =>
        line.Contains("events\\4data", StringComparison.Ordinal) || line.Contains("events.data.microsoft", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"inet_addr\(""(?<v4>[^""]+)""\)|inet_pton\(AF_INET6, ""(?<v6>[^""]+)""")]
    private static partial Regex AddressPattern();
}
