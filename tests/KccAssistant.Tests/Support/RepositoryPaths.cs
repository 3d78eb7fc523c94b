namespace KccAssistant.Tests.Support;

/// <summary>Paths of the repository and of the shared real data beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root => KccAssistant.Configuration.KccPaths.RepositoryRoot;

    public static string Samples(string relative) => Path.Combine(Root, "ingest", "samples", relative);

    /// <summary>../shared/data/... relative to the repository root; absent on machines without the shared folder.</summary>
    public static string SharedData(string relative) => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", relative));
}
