using System.Diagnostics;
using System.Text;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Worker;

/// <summary>
/// The real ingest CLI as a child process: <c>dotnet KccAssistant.Ingest.dll ...</c> from the test output (the
/// project reference copies its runtimeconfig and deps), or from the ingest project's own bin folder.
/// </summary>
internal sealed class IngestProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private IngestProcess(Process process) => _process = process;

    public static string AssemblyPath { get; } = FindAssembly();

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
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

    /// <summary>Starts the CLI; <paramref name="root"/> becomes its repository root (KCC_ROOT), where it reads appsettings.json.</summary>
    public static IngestProcess Start(IEnumerable<string> args, string? root = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = root ?? RepositoryPaths.Root,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (root is not null)
        {
            start.Environment["KCC_ROOT"] = root;
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var wrapper = new IngestProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs the CLI to its end and returns the exit code with the output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, string? root = null, TimeSpan? timeout = null)
    {
        using var process = Start(args, root);
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"The ingest CLI did not finish in time. Output:\n{process.Output}");
        }

        return (process.ExitCode, process.Output);
    }

    public async Task WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken);
        // The asynchronous readers may still be delivering the last lines.
        _process.WaitForExit();
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
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

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string FindAssembly()
    {
        const string name = "KccAssistant.Ingest";
        var beside = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".runtimeconfig.json")))
        {
            return beside;
        }

#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var own = Path.Combine(RepositoryPaths.Root, "ingest", name, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(own) ? own : throw new FileNotFoundException($"Build the ingest project first: {name}.dll not found beside the tests or at {own}.");
    }
}
