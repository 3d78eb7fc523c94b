using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace KccAssistant.Configuration;

/// <summary>
/// Finds the content root: the folder holding the one appsettings.json of the web app, the worker and eval, against
/// which relative configured paths (data directory, sources, synonyms) resolve.
/// </summary>
/// <remarks>
/// In order: the environment variable <c>KCC_ROOT</c>; the application's own folder when an appsettings.json lies
/// beside the executable (a published folder or a container); the repository root stamped into this assembly at build
/// time (<c>dotnet run</c>, tests, eval); otherwise the application's folder. The current directory never matters, so
/// a published app behaves the same whichever directory it is started from.
/// </remarks>
public static class KccPaths
{
    /// <summary>Environment variable that names the content root explicitly.</summary>
    public const string RootVariable = "KCC_ROOT";

    /// <summary>The one configuration file, at the content root.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>Key of the <see cref="AssemblyMetadataAttribute"/> that Directory.Build.props fills with the repository root.</summary>
    public const string RepositoryRootMetadataKey = "KccRepositoryRoot";

    private static readonly Lazy<string> Root = new(() => FindRoot(
        Environment.GetEnvironmentVariable(RootVariable), AppContext.BaseDirectory, StampedRepositoryRoot));

    /// <summary>The content root; see the remarks on <see cref="KccPaths"/>.</summary>
    public static string ContentRoot => Root.Value;

    /// <summary>
    /// The repository root when run from source; the same folder as <see cref="ContentRoot"/>. Tests, eval and the
    /// benchmark use this name where they need files of the source tree (labelled sets, projects to build).
    /// </summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>True when the app runs from a folder that holds its own appsettings.json (published, container).</summary>
    public static bool IsPublishedLayout => IsPublished(AppContext.BaseDirectory);

    /// <summary>
    /// The host's content root for a published folder: the app's own folder, which holds wwwroot and appsettings.json.
    /// Null when run from source, so the host keeps its default. Without this, a published web app started from another
    /// directory looks for its static files there and serves them empty.
    /// </summary>
    public static string? PublishedContentRoot => IsPublishedLayout ? AppContext.BaseDirectory : null;

    /// <summary>The repository root this assembly was built from, or null when the build did not stamp it.</summary>
    public static string? StampedRepositoryRoot => typeof(KccPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == RepositoryRootMetadataKey)?.Value is { Length: > 0 } value ? value : null;

    /// <summary>Resolves a configured path: absolute stays, relative is taken from <see cref="ContentRoot"/>.</summary>
    public static string Resolve(string path) => Resolve(ContentRoot, path);

    /// <summary>Resolves <paramref name="path"/> against <paramref name="root"/> unless it is absolute.</summary>
    public static string Resolve(string root, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(root, path));
    }

    /// <summary>
    /// Adds the content root's appsettings.json below every other source, so environment variables
    /// (<c>Kcc__DataDir</c>) and command-line arguments (<c>--Kcc:DataDir</c>) still override it.
    /// </summary>
    public static IConfigurationBuilder AddKccSettings(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(ContentRoot),
            Path = SettingsFileName,
            Optional = true,
            ReloadOnChange = false,
        };
        configuration.Sources.Insert(0, source);
        return configuration;
    }

    /// <summary>The resolution order of <see cref="ContentRoot"/>, with its inputs passed in so tests can use temp folders.</summary>
    /// <param name="configuredRoot">The value of <c>KCC_ROOT</c>, if any.</param>
    /// <param name="baseDirectory">The folder of the application's assemblies.</param>
    /// <param name="stampedRoot">The repository root stamped at build time, if any.</param>
    public static string FindRoot(string? configuredRoot, string baseDirectory, string? stampedRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        if (!string.IsNullOrWhiteSpace(configuredRoot))
        {
            return FullPath(configuredRoot);
        }

        if (IsPublished(baseDirectory))
        {
            return FullPath(baseDirectory);
        }

        // Only a stamp that still points at a checkout counts: a build copied to another machine falls back to its
        // own folder instead of a path that means nothing there.
        if (!string.IsNullOrWhiteSpace(stampedRoot) && File.Exists(Path.Combine(stampedRoot, SettingsFileName)))
        {
            return FullPath(stampedRoot);
        }

        return FullPath(baseDirectory);
    }

    private static string FullPath(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static bool IsPublished(string baseDirectory) => File.Exists(Path.Combine(baseDirectory, SettingsFileName));
}
