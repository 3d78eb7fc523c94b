using System.Diagnostics;
using System.Text;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Publish;

/// <summary>
/// <c>dotnet publish</c> of the web app and the worker into a temp folder outside the repository, as an operator does
/// it. Publishing reuses the build the test run already made (<c>--no-build</c>, same configuration): the output is
/// the same as a full publish, without compiling twice on a 2-core CI machine.
/// </summary>
internal static class PublishedApp
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>Publishes <paramref name="project"/> (relative to the repository root) into <paramref name="output"/>.</summary>
    public static async Task PublishAsync(string project, string output, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = RepositoryPaths.Root };
        foreach (var arg in new[] { "publish", Path.Combine(RepositoryPaths.Root, project), "-c", Configuration, "--no-build", "--nologo", "-v", "q", "-o", output })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = ChildProcess.Start(start);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var exitCode = await process.WaitForExitAsync(timeout.Token);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} exited with {exitCode}:\n{process.Output}");
        }
    }

    /// <summary>
    /// Starts <c>dotnet app.dll</c> the way an operator would on a fresh machine: from <paramref name="workingDirectory"/>,
    /// with <paramref name="home"/> as HOME, and without any setting inherited from the test run that could point it
    /// back at the repository (KCC_ROOT, Kcc__*, environment names).
    /// </summary>
    public static ChildProcess Start(string assembly, IEnumerable<string> args, string workingDirectory, string home, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name is "KCC_ROOT" or "XDG_CACHE_HOME" or "XDG_CONFIG_HOME" or "XDG_DATA_HOME" or "XDG_STATE_HOME"
                || name.StartsWith("Kcc__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["HOME"] = home;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return ChildProcess.Start(start);
    }

    /// <summary>True when <paramref name="folder"/> or a folder above it holds a solution: the test would prove nothing there.</summary>
    public static bool HasSourceTreeAbove(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && dir.EnumerateFiles("*.sln").Any())
            {
                return true;
            }
        }

        return false;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

/// <summary>A child process whose stdout and stderr are collected; killed with its tree when disposed.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything written to stdout and stderr so far.</summary>
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

    public static ChildProcess Start(ProcessStartInfo start)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the exit and returns the exit code; on cancellation the process is killed.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not finish in time. Output:\n{Output}");
        }

        // The asynchronous readers may still be delivering the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
