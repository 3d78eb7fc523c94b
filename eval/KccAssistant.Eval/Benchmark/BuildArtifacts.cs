using System.Diagnostics;
using KccAssistant.Configuration;

namespace KccAssistant.Eval.Benchmark;

/// <summary>
/// Finds the build output of the web app and the ingest worker in the configuration the eval itself runs in (Release
/// under <c>dotnet run -c Release</c>); the eval's project references build both first. Builds a project only when its
/// output is missing (e.g. the eval was started from a copied folder).
/// </summary>
internal static class BuildArtifacts
{
    /// <summary>src/KccAssistant.Web.</summary>
    public static Task<string> WebAppAsync(CancellationToken cancellationToken) =>
        LocateAsync(Path.Combine("src", "KccAssistant.Web"), "KccAssistant.Web", cancellationToken);

    /// <summary>ingest/KccAssistant.Ingest.</summary>
    public static Task<string> IngestWorkerAsync(CancellationToken cancellationToken) =>
        LocateAsync(Path.Combine("ingest", "KccAssistant.Ingest"), "KccAssistant.Ingest", cancellationToken);

    /// <summary>The configuration (Release/Debug) and target framework of the running eval, from its output folder.</summary>
    public static (string Configuration, string TargetFramework) Current()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = output.Parent?.Name;
        return configuration is "Release" or "Debug" ? (configuration, output.Name) : ("Release", "net10.0");
    }

    private static async Task<string> LocateAsync(string projectDirectory, string assemblyName, CancellationToken cancellationToken)
    {
        var (configuration, framework) = Current();
        var project = Path.Combine(KccPaths.RepositoryRoot, projectDirectory);
        var assembly = Path.Combine(project, "bin", configuration, framework, assemblyName + ".dll");
        if (File.Exists(assembly))
        {
            return assembly;
        }

        Console.WriteLine($"  {assemblyName}.dll ontbreekt; dotnet build -c {configuration} {projectDirectory}");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = KccPaths.RepositoryRoot };
        foreach (var argument in new[] { "build", project, "-c", configuration, "--nologo", "-v", "quiet" })
        {
            info.ArgumentList.Add(argument);
        }

        using var build = Process.Start(info) ?? throw new InvalidOperationException($"dotnet build {projectDirectory} kon niet starten.");
        try
        {
            await build.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!build.HasExited)
            {
                build.Kill(entireProcessTree: true);
            }
        }

        return build.ExitCode == 0 && File.Exists(assembly)
            ? assembly
            : throw new InvalidOperationException($"{assembly} ontbreekt en dotnet build {projectDirectory} faalde (exitcode {build.ExitCode}).");
    }
}
