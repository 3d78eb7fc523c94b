using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KccAssistant.Tests.Support;

/// <summary>
/// One of the app's executables (the ingest CLI or the web app) as a real child process, with an environment the
/// test controls and optionally under <c>strace</c>: how an operator runs it, so the test sees what the process
/// itself does (exit codes, stderr, files it writes, connections it makes).
/// </summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private readonly bool _traced;

    private AppProcess(Process process, bool traced)
    {
        _process = process;
        _traced = traced;
    }

    /// <summary>The ingest CLI's dll beside the tests (the project reference copies it with its runtimeconfig).</summary>
    public static string IngestDll => Beside("KccAssistant.Ingest");

    /// <summary>The web app's dll beside the tests.</summary>
    public static string WebDll => Beside("KccAssistant.Web");

    /// <summary>The full path of strace, or null when it is not installed.</summary>
    public static string? Strace { get; } = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace" }.FirstOrDefault(File.Exists)
        : null;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What the process wrote to stderr so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c>. The environment is the test's own minus
    /// variables that would hide what the app does by itself (ORT_DISABLE_TELEMETRY, XDG_*), plus
    /// <paramref name="environment"/> (a null value removes a variable). With <paramref name="straceOutput"/>
    /// the process runs under <c>strace -f -e trace=connect,sendto,sendmsg</c> writing there.
    /// </summary>
    public static AppProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, string? straceOutput = null)
    {
        ProcessStartInfo start;
        if (straceOutput is not null)
        {
            start = new ProcessStartInfo(Strace ?? throw new InvalidOperationException("strace is not installed."));
            foreach (var arg in new[] { "-f", "-s", "256", "-e", "trace=connect,sendto,sendmsg", "-o", straceOutput, DotnetHost() })
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            start = new ProcessStartInfo(DotnetHost());
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = Path.GetTempPath();
        foreach (var name in new[] { "ORT_DISABLE_TELEMETRY", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS" })
        {
            start.Environment.Remove(name);
        }

        // The .NET host's own telemetry is a different matter (and only the SDK sends it); keep it quiet.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var wrapper = new AppProcess(process, straceOutput is not null);
        process.OutputDataReceived += (_, e) => Append(wrapper._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(wrapper._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs to the end (or kills the process and throws after <paramref name="timeout"/>).</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The process did not finish in {timeout}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }

        // The asynchronous readers may still be delivering the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>
    /// Asks the app to stop as Ctrl+C would (SIGINT), to the app itself and not to strace, so strace writes its
    /// trace to the end; kills the tree when it has not stopped within <paramref name="timeout"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        var targets = _traced ? Descendants(_process.Id).ToList() : [_process.Id];
        foreach (var pid in targets)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync();
        }

        try
        {
            await WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>A TCP port on loopback that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        // Linux only (strace is too): /proc/<pid>/task/<tid>/children lists the direct children.
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            yield break;
        }

        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            string children;
            try
            {
                children = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var id = int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
                yield return id;
                foreach (var grandchild in Descendants(id))
                {
                    yield return grandchild;
                }
            }
        }
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Beside(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        return File.Exists(path) && File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".runtimeconfig.json"))
            ? path
            : throw new FileNotFoundException($"{name}.dll with its runtimeconfig.json is not beside the tests; build the test project.");
    }
}
