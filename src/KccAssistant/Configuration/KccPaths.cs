using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace KccAssistant.Configuration;

/// <summary>Finds the repository root, which holds the one appsettings.json of the web app, the worker and eval.</summary>
public static class KccPaths
{
    private const string Marker = "KccAssistant.sln";
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>
    /// The repository root: the nearest folder holding KccAssistant.sln above the current directory or the
    /// executable; the environment variable KCC_ROOT overrides it for deployments without the solution.
    /// </summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>Resolves a configured path: absolute stays, relative is taken from the repository root.</summary>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(RepositoryRoot, path));
    }

    /// <summary>
    /// Adds the repository's appsettings.json below every other source, so environment variables
    /// (<c>Kcc__DataDir</c>) and command-line arguments (<c>--Kcc:DataDir</c>) still override it.
    /// </summary>
    public static IConfigurationBuilder AddKccSettings(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(RepositoryRoot),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        };
        configuration.Sources.Insert(0, source);
        return configuration;
    }

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("KCC_ROOT") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker)))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
